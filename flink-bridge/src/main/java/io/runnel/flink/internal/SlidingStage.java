package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.SlidingWindows;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.internal.NodeSpecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A sliding-window count, reduce or aggregate ({@code windowedBy(SlidingWindows)}) with the native
 * {@code SlidingWindowAggregateProcessor}'s window creation: the windows {@code [start, start +
 * difference]} of each key in a {@link WindowTable}, and the key's records (serialized with the
 * grouping's value serde, per timestamp in arrival order) in a keyed MapState, because a window
 * that appears only now must aggregate records that arrived before it existed.
 *
 * <p>A record at {@code t} is late, and dropped, once {@code t + grace < stream time} (the stream
 * time it carries from its source partition). Otherwise it is stored and: every open window
 * containing {@code t} that exists is updated with it; each open window that must exist now and
 * does not ({@code [t - difference, t]}, clamped to start at 0, and {@code [t' + 1, t' + 1 +
 * difference]} for each earlier record at {@code t'} within the difference) is created by folding
 * the stored records it spans in timestamp order; and the record's right window {@code [t + 1, t +
 * 1 + difference]} is created the same way if later records fall in it.
 *
 * <p>Unlike the native stores (kept for a day), records older than {@code stream time - difference
 * - grace - 1} and closed windows already forwarded are dropped from state at once: no window that
 * can still change needs them.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class SlidingStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  private final StageSetup setup;
  private transient NodeSpecs.SlidingAggregate spec;
  private transient long differenceMs;
  private transient long graceMs;
  private transient Serde<Object> storeKeySerde;
  private transient Serde<Object> recordSerde;
  private transient WindowTable windows;
  private transient MapState<Long, byte[][]> records;
  private transient StageRunner runner;

  SlidingStage(StageSetup setup) {
    this.setup = setup;
  }

  @Override
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    spec = (NodeSpecs.SlidingAggregate) plan.node(setup.entry()).factory();
    SlidingWindows sliding = spec.windows();
    differenceMs = sliding.differenceMs();
    graceMs = sliding.graceMs();
    storeKeySerde = StageRunner.serde(spec.store().keySerde(), config.defaultKeySerde());
    recordSerde = StageRunner.serde(spec.recordStore().valueSerde(), config.defaultValueSerde());
    windows =
        new WindowTable(
            getRuntimeContext(),
            spec.store().name(),
            StageRunner.serde(spec.store().valueSerde(), config.defaultValueSerde()),
            WindowTable.emitIntervalMs(setup));
    records =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    spec.recordStore().name(),
                    Types.LONG,
                    Types.OBJECT_ARRAY(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
    runner = new StageRunner(plan, plan.stage(setup.entry()), config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    long t = in.timestamp;
    long streamTime = in.streamTime;
    if (t + graceMs < streamTime) {
      return; // late: its own window has closed, dropped as natively
    }
    forgetOld(streamTime);
    byte[][] atT = records.get(t);
    byte[] value = recordSerde.serialize(in.value);
    records.put(t, atT == null ? new byte[][] {value} : append(atT, value));

    TreeMap<Long, List<Object>> stored = stored();
    long firstStart = Math.max(0, t - differenceMs);
    TreeSet<Long> starts = new TreeSet<>();
    starts.add(firstStart);
    for (long earlier : stored.headMap(t, false).tailMap(firstStart, true).keySet()) {
      starts.add(earlier + 1); // the right window of each earlier record contains t
    }
    for (Tuple2<Long, Long> window : windows.windows()) {
      if (window.f0 >= firstStart && window.f0 <= t) {
        starts.add(window.f0);
      }
    }
    for (long start : starts) {
      if (start + differenceMs + graceMs < streamTime) {
        continue; // closed
      }
      Object old = windows.get(start, start + differenceMs);
      Object updated =
          old != null ? spec.aggregation().apply(in.key, in.value, old) : fold(in.key, stored, start);
      long end = start + differenceMs;
      windows.put(
          in.key, start, end, updated, t, streamTime, end + graceMs + 1, context.timerService(), runner);
    }
    long rightStart = t + 1;
    if (rightStart + differenceMs + graceMs >= streamTime
        && windows.get(rightStart, rightStart + differenceMs) == null) {
      Object right = fold(in.key, stored, rightStart);
      if (right != null) {
        windows.put(
            in.key,
            rightStart,
            rightStart + differenceMs,
            right,
            t,
            streamTime,
            rightStart + differenceMs + graceMs + 1,
            context.timerService(),
            runner);
      }
    }
  }

  /** Drops records no open window can need, and closed windows already forwarded. */
  private void forgetOld(long streamTime) throws Exception {
    List<Long> old = new ArrayList<>();
    for (Long timestamp : records.keys()) {
      if (timestamp < streamTime - differenceMs - graceMs - 1) {
        old.add(timestamp);
      }
    }
    for (Long timestamp : old) {
      records.remove(timestamp);
    }
    for (Tuple2<Long, Long> window : windows.windows()) {
      if (window.f1 + graceMs < streamTime && !windows.pending(window)) {
        windows.expire(window);
      }
    }
  }

  /** The key's stored records by timestamp, each timestamp's values in arrival order. */
  private TreeMap<Long, List<Object>> stored() throws Exception {
    TreeMap<Long, List<Object>> stored = new TreeMap<>();
    for (Map.Entry<Long, byte[][]> entry : records.entries()) {
      List<Object> values = new ArrayList<>();
      for (byte[] bytes : entry.getValue()) {
        values.add(recordSerde.deserialize(bytes));
      }
      stored.put(entry.getKey(), values);
    }
    return stored;
  }

  /** The aggregate of the stored records in {@code [start, start + difference]}, or null. */
  private Object fold(Object key, TreeMap<Long, List<Object>> stored, long start) {
    Object aggregate = null;
    for (List<Object> values : stored.subMap(start, true, start + differenceMs, true).values()) {
      for (Object value : values) {
        aggregate = spec.aggregation().apply(key, value, aggregate);
      }
    }
    return aggregate;
  }

  private static byte[][] append(byte[][] values, byte[] value) {
    byte[][] more = Arrays.copyOf(values, values.length + 1);
    more[values.length] = value;
    return more;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    Object key =
        storeKeySerde.deserialize(context.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1));
    windows.flush(key, runner);
  }
}
