package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.internal.Change;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.StoreDef;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stage of a table read from a topic ({@code StreamsBuilder.table}), keyed by the key
 * serialized with the table store's key serde: a {@code ValueState} holds the latest value of the
 * key as the bytes the store's value serde gives (as the native store holds them); a null value
 * deletes it. Then runs the stage's nodes (filter, mapValues, groupBy, toStream, ...).
 *
 * <p>Like the native table source behind its record cache, the table forwards a key's {@link
 * Change} (the value it forwarded last, the value now) once per {@code flink.emit.interval.ms}, or
 * every write with interval 0; a change that leaves the key absent before and after is not
 * forwarded. Every write of the store also goes at once to the stream-table joins that look the
 * table up ({@link TableLinks#feeds}), as a native join reads the store itself, cache included.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class TableStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;
  private static final TypeInformation<long[]> LONGS =
      PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO;
  private static final TypeInformation<byte[]> BYTES =
      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

  private final StageSetup setup;
  private transient StageRunner runner;
  private transient Serde<Object> keySerde;
  private transient Serde<Object> valueSerde;
  private transient ValueState<byte[]> table;
  private transient ValueState<long[]> pending;
  private transient ValueState<byte[]> emitted;
  private transient long emitIntervalMs;
  private transient int firstFeed;
  private transient int feeds;

  TableStage(StageSetup setup) {
    this.setup = setup;
  }

  @Override
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeDef entry = plan.node(setup.entry());
    StoreDef store = plan.tables().store(entry.stores().get(0));
    keySerde = StageRunner.serde(store.keySerde(), config.defaultKeySerde());
    valueSerde = StageRunner.serde(store.valueSerde(), config.defaultValueSerde());
    table = getRuntimeContext().getState(new ValueStateDescriptor<>(store.name(), BYTES));
    pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending", LONGS));
    emitted = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted", BYTES));
    String interval = setup.config().get(KeyedStage.EMIT_INTERVAL_MS);
    emitIntervalMs =
        interval == null ? KeyedStage.DEFAULT_EMIT_INTERVAL_MS : Long.parseLong(interval.trim());
    TopologyPlan.Stage stage = plan.stage(entry.name());
    firstFeed = stage.exits().size();
    feeds = plan.tables().feeds(entry.name()).size();
    runner = new StageRunner(plan, stage, config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    byte[] before = table.value();
    if (before == null && in.value == null) {
      return; // deleting an absent key changes nothing
    }
    byte[] after = valueSerde.serialize(in.value);
    if (after == null) {
      table.clear();
    } else {
      table.update(after);
    }
    feed(out, firstFeed, feeds, context.getCurrentKey(), in, in.value);
    runner.emitTo(out::collect);
    if (emitIntervalMs == 0) {
      Change change = new Change(valueSerde.deserialize(before), in.value);
      runner.process(in.key, change, in.timestamp, in.streamTime);
      return;
    }
    if (pending.value() == null) {
      emitted.update(before); // what the key's last emission said (null clears)
      long now = context.timerService().currentProcessingTime();
      context
          .timerService()
          .registerProcessingTimeTimer((now / emitIntervalMs + 1) * emitIntervalMs);
    }
    pending.update(new long[] {in.timestamp, in.streamTime});
  }

  /**
   * Sends a write of a table's store to the {@code feeds} stream-table joins that look it up, by
   * the exits numbered from {@code firstFeed} ({@link TableLinks#feeds}).
   *
   * @param route the key's route (the keyed stage's current key)
   * @param in the record that caused the write (its key, timestamp and stream time)
   * @param value the key's value now, null if deleted
   */
  static void feed(
      Collector<BridgeRecord> out,
      int firstFeed,
      int feeds,
      String route,
      BridgeRecord in,
      Object value) {
    for (int i = 0; i < feeds; i++) {
      BridgeRecord write = new BridgeRecord();
      write.exit = firstFeed + i;
      write.route = route;
      write.key = in.key;
      write.value = value;
      write.side = 1;
      write.timestamp = in.timestamp;
      write.streamTime = in.streamTime;
      out.collect(write);
    }
  }

  /** Forwards the key's change since its last emission, once (see the class comment). */
  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<BridgeRecord> out)
      throws Exception {
    long[] last = pending.value();
    if (last == null) {
      return;
    }
    Object old = valueSerde.deserialize(emitted.value());
    Object now = valueSerde.deserialize(table.value());
    pending.clear();
    emitted.clear();
    if (old == null && now == null) {
      return; // added and deleted again in between: nothing to say, as the native cache
    }
    Object key =
        keySerde.deserialize(context.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1));
    runner.emitTo(out::collect);
    runner.process(key, new Change(old, now), last[0], last[1]);
  }
}
