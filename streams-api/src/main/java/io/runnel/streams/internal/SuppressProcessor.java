package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.WindowedSerdes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Holds back a windowed table's changes until their window closes ({@code
 * suppress(untilWindowCloses)}) and then forwards each window's final value once, as a change from
 * null.
 *
 * <p>The pending values are kept in a changelogged key-value store, so a restart keeps them. Its
 * key orders entries by window end:
 *
 * <pre>
 * +--------------------------+------------------------------------------------+
 * | window end (8 bytes, BE) | windowed key ({@link WindowedSerdes} layout)   |
 * +--------------------------+------------------------------------------------+
 * </pre>
 *
 * and its value is the serialized latest value. After each record it sees, the processor forwards,
 * in window end order, every entry whose end plus grace is at or before the task's stream time, and
 * deletes it. A deletion upstream (null new value) removes the pending entry.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class SuppressProcessor implements Processor {
  private final TaskContext task;
  private final KeyValueStore<Bytes, byte[]> buffer;
  private final Serde<Windowed<Object>> keySerde;
  private final Serde<Object> valueSerde;
  private final long graceMs;
  private final Downstream out;

  SuppressProcessor(TaskContext task, NodeSpecs.Suppress spec, Downstream out) {
    this.task = task;
    this.buffer = task.storeStack(spec.buffer().name()).store();
    this.keySerde = WindowedSerdes.timeWindowed(task.keySerde(spec.keySerde()));
    this.valueSerde = task.valueSerde(spec.valueSerde());
    this.graceMs = spec.graceMs();
    this.out = out;
  }

  /** A factory for a suppression of a windowed table described by {@code info}. */
  static ProcessorFactory factory(StoreDef buffer, TableInfo info) {
    return new NodeSpecs.Suppress(
        buffer, info.keySerde(), info.valueSerde(), info.windowGraceMs());
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    Windowed<Object> windowed = Casts.cast(key);
    Object newValue = ((Change) value).newValue();
    byte[] windowedBytes = keySerde.serialize(windowed);
    Bytes bufferKey =
        Bytes.wrap(
            ByteBuffer.allocate(8 + windowedBytes.length)
                .putLong(windowed.end())
                .put(windowedBytes)
                .array());
    if (newValue == null) {
      buffer.delete(bufferKey);
    } else {
      buffer.put(bufferKey, valueSerde.serialize(newValue));
    }
    emitClosed();
  }

  private void emitClosed() {
    long closeBefore = task.streamTime() - graceMs;
    List<KeyValue<Bytes, byte[]>> closed = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        long end = ByteBuffer.wrap(entry.key().get()).getLong();
        if (end > closeBefore) {
          break; // entries are in window end order: the rest are still open
        }
        closed.add(entry);
      }
    }
    for (KeyValue<Bytes, byte[]> entry : closed) {
      buffer.delete(entry.key());
      byte[] keyBytes = entry.key().get();
      Windowed<Object> windowed =
          keySerde.deserialize(Arrays.copyOfRange(keyBytes, 8, keyBytes.length));
      out.forward(
          windowed, new Change(null, valueSerde.deserialize(entry.value())), task.timestamp());
    }
  }
}
