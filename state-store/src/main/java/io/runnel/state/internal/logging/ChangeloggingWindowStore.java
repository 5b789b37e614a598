package io.runnel.state.internal.logging;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.changelog.ChangelogWriter;
import io.runnel.state.internal.WrappingStore;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.internal.segmented.WindowKeys;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Sends every change of a byte window store to its changelog, keyed by {@link WindowKeys} (user key
 * and window start), after applying it. Threading as {@link ChangeloggingKeyValueStore}.
 */
public final class ChangeloggingWindowStore extends WrappingStore<WindowStore<Bytes, byte[]>>
    implements WindowStore<Bytes, byte[]> {
  private final ChangelogWriter changelog;
  private final LongSupplier timestamps;

  /** Logs the changes of {@code inner} to {@code changelog}, timestamped by {@code timestamps}. */
  public ChangeloggingWindowStore(
      WindowStore<Bytes, byte[]> inner, ChangelogWriter changelog, LongSupplier timestamps) {
    super(inner);
    this.changelog = Objects.requireNonNull(changelog, "changelog");
    this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStart) {
    inner.put(key, value, windowStart);
    changelog.send(WindowKeys.toStoreKey(key.get(), windowStart), value, timestamps.getAsLong());
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    return inner.fetch(key, windowStart);
  }

  @Override
  public KeyValueIterator<Long, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    return inner.fetch(key, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(
      Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return inner.all();
  }

  @Override
  public long windowSizeMs() {
    return inner.windowSizeMs();
  }

  @Override
  public long retentionMs() {
    return inner.retentionMs();
  }

}
