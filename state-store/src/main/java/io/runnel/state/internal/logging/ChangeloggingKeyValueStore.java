package io.runnel.state.internal.logging;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.changelog.ChangelogWriter;
import io.runnel.state.internal.WrappingStore;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Sends every change of a byte key-value store to its changelog after applying it: the new value,
 * or a tombstone (null value) for a delete. Reads pass through. {@link #flush()} flushes the store
 * only: the caller flushes the {@link ChangelogWriter} and then writes the checkpoint with the
 * offset it returns.
 *
 * <p>Not thread-safe for writes: the owning stream thread writes; reads follow the inner store.
 */
public final class ChangeloggingKeyValueStore extends WrappingStore<KeyValueStore<Bytes, byte[]>>
    implements KeyValueStore<Bytes, byte[]> {
  private final ChangelogWriter changelog;
  private final LongSupplier timestamps;

  /**
   * Logs the changes of {@code inner} to {@code changelog}.
   *
   * @param timestamps the timestamp of the change being made (the current record's), per write
   */
  public ChangeloggingKeyValueStore(
      KeyValueStore<Bytes, byte[]> inner, ChangelogWriter changelog, LongSupplier timestamps) {
    super(inner);
    this.changelog = Objects.requireNonNull(changelog, "changelog");
    this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
  }

  @Override
  public byte[] get(Bytes key) {
    return inner.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    inner.put(key, value);
    changelog.send(key.get(), value, timestamps.getAsLong());
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = inner.putIfAbsent(key, value);
    if (existing == null && value != null) {
      changelog.send(key.get(), value, timestamps.getAsLong());
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    inner.putAll(entries);
    long timestamp = timestamps.getAsLong();
    for (KeyValue<Bytes, byte[]> entry : entries) {
      changelog.send(entry.key().get(), entry.value(), timestamp);
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] old = inner.delete(key);
    changelog.send(key.get(), null, timestamps.getAsLong());
    return old;
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return inner.all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return inner.reverseAll();
  }

  @Override
  public <P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, Serde<P> prefixSerde) {
    return inner.prefixScan(prefix, prefixSerde);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }

}
