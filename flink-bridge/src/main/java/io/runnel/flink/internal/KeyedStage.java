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
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * are late as natively. Aggregations emit every update (the native record cache only drops
 * intermediate updates), so the latest value per key matches.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class KeyedStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;
  private static final long RETENTION_MS = 24 * 60 * 60 * 1000L;
  private static final TypeInformation<byte[]> BYTES = PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

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

  KeyedStage(StageSetup setup) {
    this.setup = setup;
  }

  /** The store of an aggregation node. */
  static StoreDef store(NodeDef node) {
    if (node.factory() instanceof NodeSpecs.Aggregate spec) {
      return spec.store();
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
        aggregate =
            getRuntimeContext().getState(new ValueStateDescriptor<>(agg.store().name(), BYTES));
        break;
      case WINDOW_AGGREGATE:
        NodeSpecs.WindowAggregate windowed = (NodeSpecs.WindowAggregate) entry.factory();
        valueSerde = StageRunner.serde(windowed.store().valueSerde(), config.defaultValueSerde());
        aggregation = windowed.aggregation();
        windows = windowed.windows();
        windowAggregates =
            getRuntimeContext()
                .getMapState(
                    new MapStateDescriptor<>(windowed.store().name(), Types.LONG, BYTES));
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
        Object old = valueSerde.deserialize(aggregate.value());
        Object updated = aggregation.apply(in.key, in.value, old);
        aggregate.update(valueSerde.serialize(updated));
        runner.process(in.key, new Change(old, updated), in.timestamp, in.streamTime);
        break;
      default:
        windowed(in);
    }
  }

  private void windowed(BridgeRecord in) throws Exception {
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
    }
    for (long start : windows.windowStartsFor(in.timestamp)) {
      long end = start + windows.sizeMs();
      if (end <= closeBefore) {
        continue; // end + grace <= stream time: the window is closed, the record is late for it
      }
      Object old = valueSerde.deserialize(windowAggregates.get(start));
      Object updated = aggregation.apply(in.key, in.value, old);
      windowAggregates.put(start, valueSerde.serialize(updated));
      runner.process(
          new Windowed<>(in.key, start, end), new Change(old, updated), in.timestamp, in.streamTime);
    }
  }
}
