package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.Stores;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.SlidingWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Folds records into sliding windows {@code [start, start + difference]} (see {@link
 * SlidingWindows}). Besides the aggregates (a window store keyed by window start) it keeps the
 * records themselves (a window store keyed by timestamp, every value of a key and timestamp in one
 * {@link ValueFrames} value), because a window that appears only now, such as the window starting
 * just after an earlier record, must aggregate records that arrived before it existed.
 *
 * <p>A record at {@code t} that is not late ({@code t + grace >= stream time}) is stored, then:
 * every open window containing {@code t} that exists is updated with it; each open window that must
 * exist now and does not (the record's own {@code [t - difference, t]}, clamped to start at 0, and
 * {@code [t' + 1, t' + 1 + difference]} for each earlier record at {@code t'} within the
 * difference) is created by folding the stored records it spans in timestamp order; and the
 * record's own right window {@code [t + 1, t + 1 + difference]} is created the same way if later
 * records fall in it. Every window written is forwarded as a change: at once with the cache off,
 * else once per window and commit when the record cache writes it down.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class SlidingWindowAggregateProcessor implements Processor {
  private final TaskContext task;
  private final WindowStore<Object, Object> windows;
  private final WindowStore<Bytes, byte[]> records;
  private final Serde<Object> keySerde;
  private final Serde<Object> valueSerde;
  private final long differenceMs;
  private final long graceMs;
  private final Aggregation aggregation;
  private final Downstream out;
  private final boolean emitOnWrite;

  SlidingWindowAggregateProcessor(
      TaskContext task,
      StoreDef windowStore,
      StoreDef recordStore,
      SlidingWindows sliding,
      Aggregation aggregation,
      Downstream out) {
    this.task = task;
    this.keySerde = task.keySerde(windowStore.keySerde());
    this.valueSerde = task.valueSerde(recordStore.valueSerde());
    StoreStack stack = task.storeStack(windowStore.name());
    Serde<Object> aggregateSerde = task.valueSerde(windowStore.valueSerde());
    this.windows = Stores.typed(stack.windowStore(), keySerde, aggregateSerde);
    this.emitOnWrite = WindowedEmission.install(task, stack, keySerde, aggregateSerde, out);
    this.records = task.storeStack(recordStore.name()).windowStore();
    this.differenceMs = sliding.differenceMs();
    this.graceMs = sliding.graceMs();
    this.aggregation = aggregation;
    this.out = out;
  }

  /**
   * A factory for an aggregation into {@code windowStore}, keeping records in {@code recordStore}.
   */
  static ProcessorFactory factory(
      StoreDef windowStore, StoreDef recordStore, SlidingWindows sliding, Aggregation aggregation) {
    return new NodeSpecs.SlidingAggregate(windowStore, recordStore, sliding, aggregation);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null || value == null) {
      return;
    }
    long streamTime = task.streamTime();
    if (timestamp + graceMs < streamTime) {
      task.metrics().recordDropped();
      return;
    }
    Bytes keyBytes = Bytes.wrap(keySerde.serialize(key));
    records.put(
        keyBytes,
        ValueFrames.append(records.fetch(keyBytes, timestamp), valueSerde.serialize(value)),
        timestamp);

    long firstStart = Math.max(0, timestamp - differenceMs);
    TreeSet<Long> starts = new TreeSet<>();
    starts.add(firstStart);
    for (KeyValue<Long, List<Object>> earlier : records(keyBytes, firstStart, timestamp - 1)) {
      starts.add(earlier.key() + 1); // the right window of each earlier record contains t
    }
    try (KeyValueIterator<Long, Object> it = windows.fetch(key, firstStart, timestamp)) {
      while (it.hasNext()) {
        starts.add(it.next().key());
      }
    }
    for (long start : starts) {
      if (start + differenceMs + graceMs < streamTime) {
        continue; // closed
      }
      Object old = windows.fetch(key, start);
      Object updated =
          old != null ? aggregation.apply(key, value, old) : fold(key, keyBytes, start);
      write(key, start, old, updated, timestamp);
    }
    long rightStart = timestamp + 1;
    if (rightStart + differenceMs + graceMs >= streamTime
        && windows.fetch(key, rightStart) == null) {
      Object right = fold(key, keyBytes, rightStart);
      if (right != null) {
        write(key, rightStart, null, right, timestamp);
      }
    }
  }

  private void write(Object key, long start, Object old, Object updated, long timestamp) {
    windows.put(key, updated, start);
    if (emitOnWrite) {
      out.forward(
          new Windowed<>(key, start, start + differenceMs), new Change(old, updated), timestamp);
    }
  }

  /**
   * The aggregate of the stored records in {@code [start, start + difference]}, or null if none.
   */
  private Object fold(Object key, Bytes keyBytes, long start) {
    Object aggregate = null;
    for (KeyValue<Long, List<Object>> entry : records(keyBytes, start, start + differenceMs)) {
      for (Object value : entry.value()) {
        aggregate = aggregation.apply(key, value, aggregate);
      }
    }
    return aggregate;
  }

  private List<KeyValue<Long, List<Object>>> records(Bytes keyBytes, long from, long to) {
    List<KeyValue<Long, List<Object>>> out = new ArrayList<>();
    if (to < from) {
      return out;
    }
    try (KeyValueIterator<Long, byte[]> it = records.fetch(keyBytes, from, to)) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        List<Object> values = new ArrayList<>();
        for (byte[] bytes : ValueFrames.split(entry.value())) {
          values.add(valueSerde.deserialize(bytes));
        }
        out.add(KeyValue.pair(entry.key(), values));
      }
    }
    return out;
  }
}
