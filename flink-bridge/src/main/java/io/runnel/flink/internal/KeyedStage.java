package io.runnel.flink.internal;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.internal.Aggregation;
import io.runnel.streams.internal.Change;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import io.runnel.streams.internal.StoreDef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A stage whose input is keyed by the serialized key ({@link BridgeRecord#route}): a repartition
 * source (deserializes with its serdes), an aggregation (the aggregate per key in a ValueState of
 * the bytes the store's serdes give, as a native store holds them) or a tumbling/hopping windowed
 * aggregation (a MapState from window start to aggregate bytes). Then runs the stage's nodes.
 *
 * <p>Windows close as in the native runtime: a window {@code [start, end)} takes no more records
 * once stream time reaches {@code end + grace}; stream time is the one the record carries from its
 * source stage (that of its input partition), so with no repartition in between the same records
 * are late as natively. Aggregations emit like the native record cache: a key's (or window's)
 * changes are forwarded once per emit interval ({@code flink.emit.interval.ms}, a processing-time
 * timer; keyed state keeps what is pending across checkpoints), or on every update with interval 0.
 * Either way the latest value per key is the same. Every write of an aggregation's store also goes
 * at once to the stream-table joins that look the table up ({@link TableLinks#feeds}).
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class KeyedStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  /** See {@code FlinkRunner.EMIT_INTERVAL_MS}. */
  static final String EMIT_INTERVAL_MS = "flink.emit.interval.ms";

  /** The default emit interval, milliseconds. */
  static final long DEFAULT_EMIT_INTERVAL_MS = 1000;

  private static final long RETENTION_MS = 24 * 60 * 60 * 1000L;
  private static final TypeInformation<long[]> LONGS =
      PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO;
  private static final TypeInformation<byte[]> BYTES =
      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

  private final StageSetup setup;
  private transient TopologyPlan.Role role;
  private transient StageRunner runner;
  private transient Serde<Object> keySerde;
  private transient Serde<Object> valueSerde;
  private transient Aggregation aggregation;
  private transient TimeWindows windows;
  private transient ValueState<byte[]> aggregate;
  private transient MapState<Long, byte[]> windowAggregates;
  private transient long localStreamTime;
  private transient long emitIntervalMs;
  private transient Serde<Object> storeKeySerde;
  private transient ValueState<long[]> pending;
  private transient ValueState<byte[]> emitted;
  private transient MapState<Long, long[]> pendingWindows;
  private transient MapState<Long, byte[]> emittedWindows;
  private transient int firstFeed;
  private transient int feeds;

  KeyedStage(StageSetup setup) {
    this.setup = setup;
  }

  /** The store of an aggregation node. */
  static StoreDef store(NodeDef node) {
    if (node.factory() instanceof NodeSpecs.Aggregate spec) {
      return spec.store();
    }
    if (node.factory() instanceof NodeSpecs.SessionAggregate session) {
      return session.store();
    }
    if (node.factory() instanceof NodeSpecs.SlidingAggregate sliding) {
      return sliding.store();
    }
    return ((NodeSpecs.WindowAggregate) node.factory()).store();
  }

  @Override
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeDef entry = plan.node(setup.entry());
    role = plan.role(entry.name());
    localStreamTime = -1;
    String interval = setup.config().get(EMIT_INTERVAL_MS);
    emitIntervalMs = interval == null ? DEFAULT_EMIT_INTERVAL_MS : Long.parseLong(interval.trim());
    switch (role) {
      case REPARTITION_SOURCE:
        NodeSpecs.Source source = (NodeSpecs.Source) entry.factory();
        keySerde = StageRunner.serde(source.keySerde(), config.defaultKeySerde());
        valueSerde = StageRunner.serde(source.valueSerde(), config.defaultValueSerde());
        break;
      case AGGREGATE:
        NodeSpecs.Aggregate agg = (NodeSpecs.Aggregate) entry.factory();
        valueSerde = StageRunner.serde(agg.store().valueSerde(), config.defaultValueSerde());
        aggregation = agg.aggregation();
        storeKeySerde = StageRunner.serde(agg.store().keySerde(), config.defaultKeySerde());
        aggregate =
            getRuntimeContext().getState(new ValueStateDescriptor<>(agg.store().name(), BYTES));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending", LONGS));
        emitted = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted", BYTES));
        // Stream-table joins with this table read every write of its store, as natively.
        firstFeed = plan.stage(entry.name()).exits().size();
        feeds = plan.tables().feeds(entry.name()).size();
        break;
      case WINDOW_AGGREGATE:
        NodeSpecs.WindowAggregate windowed = (NodeSpecs.WindowAggregate) entry.factory();
        valueSerde = StageRunner.serde(windowed.store().valueSerde(), config.defaultValueSerde());
        aggregation = windowed.aggregation();
        windows = windowed.windows();
        storeKeySerde = StageRunner.serde(windowed.store().keySerde(), config.defaultKeySerde());
        windowAggregates =
            getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(windowed.store().name(), Types.LONG, BYTES));
        pendingWindows =
            getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, LONGS));
        emittedWindows =
            getRuntimeContext().getMapState(new MapStateDescriptor<>("emitted", Types.LONG, BYTES));
        break;
      default:
        throw new IllegalStateException("not a keyed stage: " + entry.name() + " (" + role + ")");
    }
    runner = new StageRunner(plan, plan.stage(entry.name()), config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    switch (role) {
      case REPARTITION_SOURCE:
        // The native task of a repartition partition keeps the largest timestamp it has seen;
        // this subtask sees the keys of its key groups instead: an approximation.
        localStreamTime = Math.max(localStreamTime, in.timestamp);
        runner.process(
            keySerde.deserialize((byte[]) in.key),
            valueSerde.deserialize((byte[]) in.value),
            in.timestamp,
            localStreamTime);
        break;
      case AGGREGATE:
        byte[] before = aggregate.value();
        Object old = valueSerde.deserialize(before);
        Object updated = aggregation.apply(in.key, in.value, old);
        aggregate.update(valueSerde.serialize(updated));
        TableStage.feed(out, firstFeed, feeds, context.getCurrentKey(), in, updated);
        if (emitIntervalMs == 0) {
          runner.process(in.key, new Change(old, updated), in.timestamp, in.streamTime);
        } else {
          if (pending.value() == null) {
            emitted.update(before); // what the key's last emission said
            flushLater(context);
          }
          pending.update(new long[] {in.timestamp, in.streamTime});
        }
        break;
      default:
        windowed(in, context);
    }
  }

  /** A processing-time timer at the next multiple of the emit interval (shared by many keys). */
  private void flushLater(Context context) {
    long now = context.timerService().currentProcessingTime();
    context.timerService().registerProcessingTimeTimer((now / emitIntervalMs + 1) * emitIntervalMs);
  }

  /**
   * Emits the key's changes since its last emission, once: the old value is what it emitted last,
   * the new one what it holds now, with the timestamp and stream time of the last record folded in
   * (as the native record cache emits once per key and commit).
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    Object key =
        storeKeySerde.deserialize(context.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1));
    if (role == TopologyPlan.Role.AGGREGATE) {
      long[] last = pending.value();
      if (last == null) {
        return;
      }
      Object old = valueSerde.deserialize(emitted.value());
      Object now = valueSerde.deserialize(aggregate.value());
      pending.clear();
      emitted.clear();
      runner.process(key, new Change(old, now), last[0], last[1]);
      return;
    }
    List<Long> starts = new ArrayList<>();
    for (Long start : pendingWindows.keys()) {
      starts.add(start);
    }
    Collections.sort(starts); // earlier windows first, as they were opened
    for (long start : starts) {
      long[] last = pendingWindows.get(start);
      Object old = valueSerde.deserialize(emittedWindows.get(start));
      Object now = valueSerde.deserialize(windowAggregates.get(start));
      runner.process(
          new Windowed<>(key, start, start + windows.sizeMs()),
          new Change(old, now),
          last[0],
          last[1]);
    }
    pendingWindows.clear();
    emittedWindows.clear();
  }

  private void windowed(BridgeRecord in, Context context) throws Exception {
    long closeBefore = in.streamTime - windows.graceMs();
    // Drop windows past the native window store's retention (a day, or size + grace if longer).
    long retention = Math.max(RETENTION_MS, windows.sizeMs() + windows.graceMs());
    List<Long> closed = new ArrayList<>();
    for (Long start : windowAggregates.keys()) {
      if (start + windows.sizeMs() <= in.streamTime - retention) {
        closed.add(start);
      }
    }
    for (Long start : closed) {
      windowAggregates.remove(start);
      pendingWindows.remove(start);
      emittedWindows.remove(start);
    }
    for (long start : windows.windowStartsFor(in.timestamp)) {
      long end = start + windows.sizeMs();
      if (end <= closeBefore) {
        continue; // end + grace <= stream time: the window is closed, the record is late for it
      }
      byte[] before = windowAggregates.get(start);
      Object old = valueSerde.deserialize(before);
      Object updated = aggregation.apply(in.key, in.value, old);
      windowAggregates.put(start, valueSerde.serialize(updated));
      if (emitIntervalMs == 0) {
        runner.process(
            new Windowed<>(in.key, start, end),
            new Change(old, updated),
            in.timestamp,
            in.streamTime);
        continue;
      }
      if (!pendingWindows.contains(start)) {
        if (before != null) {
          emittedWindows.put(start, before); // what this window's last emission said
        }
        flushLater(context);
        // Flushed before the watermark of its closing passes on, so suppress sees its last value.
        context.timerService().registerEventTimeTimer(end + windows.graceMs());
      }
      pendingWindows.put(start, new long[] {in.timestamp, in.streamTime});
    }
  }
}
