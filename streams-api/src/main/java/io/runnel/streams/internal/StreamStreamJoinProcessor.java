package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.WindowStore;
import io.runnel.state.serde.Serde;
import io.runnel.streams.ValueJoiner;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One side of a windowed stream-stream join. Each side keeps its records in its own window store
 * (window start = record timestamp; all values of one key and timestamp in one {@link ValueFrames}
 * value). A record at {@code t} is stored, then joined with every record of the other side with the
 * same key in {@code [t - difference, t + difference]}; each result has the larger of the two
 * timestamps. A record is late (dropped, counted) if {@code t + difference + grace < stream time}.
 *
 * <p>Left and outer joins keep the records that pend a match (left: this side; outer: both) in a
 * shared key-value store keyed by
 *
 * <pre>
 * +-------------------------+-------------------------------+-----------------------+
 * | timestamp (8 bytes, BE) | side (1 byte: 0 this, 1 other) | serialized key bytes |
 * +-------------------------+-------------------------------+-----------------------+
 * </pre>
 *
 * valued with {@link ValueFrames}. A match removes the other side's pending entry. After each
 * record, entries with {@code t + 2 * difference + grace < stream time} (no acceptable record can
 * match them any more) are emitted joined with null, in timestamp order, and removed.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class StreamStreamJoinProcessor implements Processor {
  private final TaskContext task;
  private final WindowStore<Bytes, byte[]> mine;
  private final WindowStore<Bytes, byte[]> theirs;
  private final KeyValueStore<Bytes, byte[]> pending;
  private final Serde<Object> keySerde;
  private final Serde<Object> myValueSerde;
  private final Serde<Object> thisValueSerde;
  private final Serde<Object> otherValueSerde;
  private final byte side;
  private final boolean iPend;
  private final boolean theyPend;
  private final long differenceMs;
  private final long graceMs;
  private final ValueJoiner<Object, Object, Object> joiner;
  private final Downstream out;

  private StreamStreamJoinProcessor(
      TaskContext task, NodeSpecs.StreamStreamJoin spec, Downstream out) {
    this.task = task;
    boolean thisSide = spec.thisSide();
    StoreDef myDef = thisSide ? spec.thisStore() : spec.otherStore();
    StoreDef theirDef = thisSide ? spec.otherStore() : spec.thisStore();
    this.mine = task.storeStack(myDef.name()).windowStore();
    this.theirs = task.storeStack(theirDef.name()).windowStore();
    this.pending =
        spec.pendingStore() == null ? null : task.storeStack(spec.pendingStore().name()).store();
    this.keySerde = task.keySerde(spec.thisStore().keySerde());
    this.thisValueSerde = task.valueSerde(spec.thisStore().valueSerde());
    this.otherValueSerde = task.valueSerde(spec.otherStore().valueSerde());
    this.myValueSerde = thisSide ? thisValueSerde : otherValueSerde;
    this.side = thisSide ? (byte) 0 : (byte) 1;
    boolean thisPends = spec.type() != JoinType.INNER;
    boolean otherPends = spec.type() == JoinType.OUTER;
    this.iPend = thisSide ? thisPends : otherPends;
    this.theyPend = thisSide ? otherPends : thisPends;
    this.differenceMs = spec.windows().differenceMs();
    this.graceMs = spec.windows().graceMs();
    this.joiner = Casts.cast(spec.joiner());
    this.out = out;
  }

  /** The processor of the join side {@code spec}. */
  static Processor create(TaskContext task, NodeSpecs.StreamStreamJoin spec, Downstream out) {
    return new StreamStreamJoinProcessor(task, spec, out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null || value == null) {
      return;
    }
    long streamTime = task.streamTime();
    if (timestamp + differenceMs + graceMs < streamTime) {
      task.metrics().recordDropped();
      return;
    }
    Bytes keyBytes = Bytes.wrap(keySerde.serialize(key));
    byte[] valueBytes = myValueSerde.serialize(value);
    mine.put(keyBytes, ValueFrames.append(mine.fetch(keyBytes, timestamp), valueBytes), timestamp);
    List<KeyValue<Long, byte[]>> matches = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> it =
        theirs.fetch(keyBytes, timestamp - differenceMs, timestamp + differenceMs)) {
      while (it.hasNext()) {
        matches.add(it.next());
      }
    }
    Serde<Object> theirSerde = side == 0 ? otherValueSerde : thisValueSerde;
    for (KeyValue<Long, byte[]> match : matches) {
      for (byte[] theirValue : ValueFrames.split(match.value())) {
        forward(key, value, theirSerde.deserialize(theirValue), Math.max(timestamp, match.key()));
      }
      if (theyPend) {
        pending.delete(pendingKey(match.key(), (byte) (1 - side), keyBytes));
      }
    }
    if (matches.isEmpty() && iPend) {
      Bytes pendingKey = pendingKey(timestamp, side, keyBytes);
      pending.put(pendingKey, ValueFrames.append(pending.get(pendingKey), valueBytes));
    }
    emitUnmatched(streamTime);
  }

  private void forward(Object key, Object myValue, Object theirValue, long timestamp) {
    Object left = side == 0 ? myValue : theirValue;
    Object right = side == 0 ? theirValue : myValue;
    out.forward(key, joiner.apply(left, right), timestamp);
  }

  private static Bytes pendingKey(long timestamp, byte side, Bytes key) {
    byte[] k = key.get();
    return Bytes.wrap(
        ByteBuffer.allocate(9 + k.length).putLong(timestamp).put(side).put(k).array());
  }

  private void emitUnmatched(long streamTime) {
    if (pending == null) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> expired = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        long timestamp = ByteBuffer.wrap(entry.key().get()).getLong();
        if (timestamp + 2 * differenceMs + graceMs >= streamTime) {
          break; // entries are in timestamp order: the rest may still match
        }
        expired.add(entry);
      }
    }
    for (KeyValue<Bytes, byte[]> entry : expired) {
      pending.delete(entry.key());
      byte[] k = entry.key().get();
      long timestamp = ByteBuffer.wrap(k).getLong();
      boolean fromThis = k[8] == 0;
      Object key = keySerde.deserialize(Arrays.copyOfRange(k, 9, k.length));
      for (byte[] bytes : ValueFrames.split(entry.value())) {
        Object value = (fromThis ? thisValueSerde : otherValueSerde).deserialize(bytes);
        out.forward(
            key, fromThis ? joiner.apply(value, null) : joiner.apply(null, value), timestamp);
      }
    }
  }
}
