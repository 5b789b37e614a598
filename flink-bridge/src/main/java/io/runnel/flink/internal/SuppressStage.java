package io.runnel.flink.internal;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.WindowedSerdes;
import io.runnel.streams.internal.Change;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code suppress(untilWindowCloses)} of a windowed table: the latest value of each window of a
 * key waits in a keyed MapState (the bytes of the table's value serde, as the native buffer holds
 * them) until stream time reaches the window's end plus the grace (for session and sliding windows
 * the one that closes them), then is forwarded once, as a change from null, and forgotten. A
 * deletion upstream (a merged-away session) removes the waiting value.
 *
 * <p>Stream time here is the Flink watermark ({@link StreamTimeWatermarks}: the smallest stream
 * time of the log partitions read), and a window is forwarded by an event-time timer at its end plus
 * grace. The aggregation before it forwards a window's pending change before the watermark of its
 * closing passes, so the value forwarded is the window's last one, once.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class SuppressStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  private final StageSetup setup;
  private transient long graceMs;
  private transient Serde<Object> keySerde;
  private transient Serde<Windowed<Object>> windowedSerde;
  private transient Serde<Object> valueSerde;
  private transient MapState<Tuple2<Long, Long>, byte[]> buffer;
  private transient StageRunner runner;

  SuppressStage(StageSetup setup) {
    this.setup = setup;
  }

  /**
   * How a stage hands a windowed table's changes to the suppression {@code node}: the windowed key
   * and new value serialized with the table's serdes (null for a deletion), routed by the key inside
   * the window serialized with the table's key serde (the route of the aggregation before it).
   */
  static StageRunner.Encoder encoder(NodeDef node, StreamsConfig config) {
    NodeSpecs.Suppress spec = (NodeSpecs.Suppress) node.factory();
    Serde<Object> keySerde = StageRunner.serde(spec.keySerde(), config.defaultKeySerde());
    Serde<Windowed<Object>> windowed = WindowedSerdes.timeWindowed(keySerde);
    Serde<Object> valueSerde = StageRunner.serde(spec.valueSerde(), config.defaultValueSerde());
    return out -> {
      @SuppressWarnings("unchecked")
      Windowed<Object> key = (Windowed<Object>) out.key;
      Object newValue = ((Change) out.value).newValue();
      out.route = StageRunner.route(keySerde.serialize(key.key()));
      out.key = windowed.serialize(key);
      out.value = newValue == null ? null : valueSerde.serialize(newValue);
      return true;
    };
  }

  @Override
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeSpecs.Suppress spec = (NodeSpecs.Suppress) plan.node(setup.entry()).factory();
    graceMs = spec.graceMs();
    keySerde = StageRunner.serde(spec.keySerde(), config.defaultKeySerde());
    windowedSerde = WindowedSerdes.timeWindowed(keySerde);
    valueSerde = StageRunner.serde(spec.valueSerde(), config.defaultValueSerde());
    buffer =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    spec.buffer().name(),
                    Types.TUPLE(Types.LONG, Types.LONG),
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    runner = new StageRunner(plan, plan.stage(setup.entry()), config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    Windowed<Object> window = windowedSerde.deserialize((byte[]) in.key);
    Tuple2<Long, Long> bounds = Tuple2.of(window.start(), window.end());
    if (in.value == null) {
      buffer.remove(bounds);
      return;
    }
    buffer.put(bounds, (byte[]) in.value);
    long closesAt = window.end() + graceMs;
    if (closesAt <= context.timerService().currentWatermark()) {
      emitClosed(window.key(), context.timerService().currentWatermark(), in.timestamp);
    } else {
      context.timerService().registerEventTimeTimer(closesAt);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    Object key = keySerde.deserialize(context.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1));
    emitClosed(key, context.timerService().currentWatermark(), timestamp);
  }

  /**
   * Forwards and forgets the key's windows whose end plus grace is at or before {@code
   * streamTime}, in window end order.
   */
  private void emitClosed(Object key, long streamTime, long timestamp) throws Exception {
    List<Map.Entry<Tuple2<Long, Long>, byte[]>> closed = new ArrayList<>();
    for (Map.Entry<Tuple2<Long, Long>, byte[]> entry : buffer.entries()) {
      if (entry.getKey().f1 + graceMs <= streamTime) {
        closed.add(Map.entry(entry.getKey(), entry.getValue()));
      }
    }
    closed.sort(
        Comparator.comparing((Map.Entry<Tuple2<Long, Long>, byte[]> e) -> e.getKey().f1)
            .thenComparing(e -> e.getKey().f0));
    for (Map.Entry<Tuple2<Long, Long>, byte[]> entry : closed) {
      Tuple2<Long, Long> bounds = entry.getKey();
      buffer.remove(bounds);
      runner.process(
          new Windowed<>(key, bounds.f0, bounds.f1),
          new Change(null, valueSerde.deserialize(entry.getValue())),
          timestamp,
          streamTime);
    }
  }
}
