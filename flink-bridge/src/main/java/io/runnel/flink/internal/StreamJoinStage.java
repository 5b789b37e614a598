package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.ValueJoiner;
import io.runnel.streams.internal.Casts;
import io.runnel.streams.internal.JoinType;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stage of a windowed stream-stream join ({@code join}, {@code leftJoin}, {@code outerJoin}
 * with {@code JoinWindows}), keyed by the serialized key (the join's key serde): both streams
 * arrive in one keyed stream, told apart by {@link BridgeRecord#side} (0 the stream {@code join}
 * was called on, 1 the other); the entry is the merge of the two native join sides, whose
 * children run after it.
 *
 * <p>Per key and side a {@code MapState} holds the side's records by timestamp (values in the
 * side's value serde, several per timestamp framed as below), as the native window stores do. A
 * record at {@code t} is late and dropped if {@code t + difference + grace < stream time}, where
 * stream time is the one the record carries (that of its source partition, never ahead of the
 * native task's, which also counts the other input's partition); else it is kept and joined with
 * every record of the other side in {@code [t - difference, t + difference]}, each result at the
 * larger timestamp, forwarded at once. Left (this side) and outer (both sides) joins keep a record
 * that found no match in a second {@code MapState} per side (pending), removed when a later record
 * of the other side matches it.
 *
 * <p>What the native join does after each record, by its task's stream time, is done here by an
 * event-time timer at {@code t + 2 * difference + grace + 1} for every record kept: once the
 * watermark ({@link StreamTimeWatermarks}, the smallest stream time of the log partitions read)
 * has passed {@code t + 2 * difference + grace}, every record that could still match the key's
 * records at {@code t} would be late (its stream time is at least the watermark), so the pending
 * ones are forwarded joined with null (in timestamp order, this side before the other) and the
 * kept ones forgotten. The watermark never passes the native stream time (but for idle sources,
 * see {@link StreamTimeWatermarks}), so nothing is forwarded unmatched that natively could still
 * match.
 *
 * <p>Frames of values at one timestamp: {@code [length (4 bytes, BE)][value bytes]} repeated.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class StreamJoinStage
    extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  private final StageSetup setup;
  private transient StageRunner runner;
  private transient ValueJoiner<Object, Object, Object> joiner;
  private transient long differenceMs;
  private transient long graceMs;
  private transient boolean[] pends;
  private transient Serde<Object> keySerde;
  private transient Serde<Object>[] valueSerdes;
  private transient MapState<Long, byte[]>[] kept;
  private transient MapState<Long, byte[]>[] pending;

  StreamJoinStage(StageSetup setup) {
    this.setup = setup;
  }

  /** The join side spec of the stream-stream join stage whose entry (the merge) is {@code merge}. */
  static NodeSpecs.StreamStreamJoin spec(TopologyPlan plan, NodeDef merge) {
    return (NodeSpecs.StreamStreamJoin) plan.node(merge.parents().get(0)).factory();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeDef entry = plan.node(setup.entry());
    NodeSpecs.StreamStreamJoin spec = spec(plan, entry);
    joiner = Casts.cast(spec.joiner());
    differenceMs = spec.windows().differenceMs();
    graceMs = spec.windows().graceMs();
    pends = new boolean[] {spec.type() != JoinType.INNER, spec.type() == JoinType.OUTER};
    keySerde = StageRunner.serde(spec.thisStore().keySerde(), config.defaultKeySerde());
    valueSerdes =
        new Serde[] {
          StageRunner.serde(spec.thisStore().valueSerde(), config.defaultValueSerde()),
          StageRunner.serde(spec.otherStore().valueSerde(), config.defaultValueSerde())
        };
    kept = new MapState[2];
    pending = new MapState[2];
    String[] names = {spec.thisStore().name(), spec.otherStore().name()};
    for (int side = 0; side < 2; side++) {
      kept[side] = getRuntimeContext().getMapState(descriptor(names[side]));
      pending[side] = getRuntimeContext().getMapState(descriptor(names[side] + "-pending"));
    }
    runner = new StageRunner(plan, plan.stage(entry.name()), config);
  }

  private static MapStateDescriptor<Long, byte[]> descriptor(String name) {
    return new MapStateDescriptor<>(
        name, Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    long t = in.timestamp;
    if (t + differenceMs + graceMs < in.streamTime) {
      return; // late, as natively (the native join counts it as dropped)
    }
    int mine = in.side;
    int theirs = 1 - mine;
    byte[] value = valueSerdes[mine].serialize(in.value);
    kept[mine].put(t, append(kept[mine].get(t), value));
    List<Long> matches = new ArrayList<>();
    for (Long other : kept[theirs].keys()) {
      if (other >= t - differenceMs && other <= t + differenceMs) {
        matches.add(other);
      }
    }
    matches.sort(null);
    for (long other : matches) {
      for (byte[] theirValue : split(kept[theirs].get(other))) {
        Object their = valueSerdes[theirs].deserialize(theirValue);
        Object joined =
            mine == 0 ? joiner.apply(in.value, their) : joiner.apply(their, in.value);
        runner.process(in.key, joined, Math.max(t, other), in.streamTime);
      }
      if (pends[theirs]) {
        pending[theirs].remove(other);
      }
    }
    if (matches.isEmpty() && pends[mine]) {
      pending[mine].put(t, append(pending[mine].get(t), value));
    }
    context.timerService().registerEventTimeTimer(t + 2 * differenceMs + graceMs + 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    long watermark = context.timerService().currentWatermark();
    Object key = null;
    // Records at or before this point can match nothing that is still to come.
    long closedUpTo = watermark - 2 * differenceMs - graceMs - 1;
    List<long[]> unmatched = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      List<Long> forgotten = new ArrayList<>();
      for (Long t : kept[side].keys()) {
        if (t <= closedUpTo) {
          forgotten.add(t);
        }
      }
      for (Long t : forgotten) {
        kept[side].remove(t);
      }
      for (Long t : pending[side].keys()) {
        if (t <= closedUpTo) {
          unmatched.add(new long[] {t, side});
        }
      }
    }
    unmatched.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    for (long[] entry : unmatched) {
      int side = (int) entry[1];
      byte[] frames = pending[side].get(entry[0]);
      pending[side].remove(entry[0]);
      if (key == null) {
        key =
            keySerde.deserialize(context.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1));
      }
      for (byte[] bytes : split(frames)) {
        Object value = valueSerdes[side].deserialize(bytes);
        Object joined = side == 0 ? joiner.apply(value, null) : joiner.apply(null, value);
        runner.process(key, joined, entry[0], watermark);
      }
    }
  }

  /** {@code frames} (or nothing, if null) with {@code value} appended. */
  static byte[] append(byte[] frames, byte[] value) {
    int before = frames == null ? 0 : frames.length;
    ByteBuffer buffer = ByteBuffer.allocate(before + 4 + value.length);
    if (frames != null) {
      buffer.put(frames);
    }
    return buffer.putInt(value.length).put(value).array();
  }

  /** The values framed in {@code frames}, in the order appended. */
  static List<byte[]> split(byte[] frames) {
    List<byte[]> values = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(frames);
    while (buffer.hasRemaining()) {
      byte[] value = new byte[buffer.getInt()];
      buffer.get(value);
      values.add(value);
    }
    return values;
  }
}
