package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Retention;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import java.util.List;

/**
 * A byte window store over time {@link Segments}, each a byte key-value store keyed by {@link
 * WindowKeys}. The same code serves RocksDB and in-memory stores; only the {@link SegmentStorage}
 * differs.
 *
 * <p>Not thread-safe: the owning stream thread writes, reads and closes it.
 */
public final class SegmentedWindowStore extends AbstractSegmentedStore
    implements WindowStore<Bytes, byte[]> {
  private final long windowSizeMs;

  /**
   * A store named {@code name} whose segments live in {@code storage}.
   *
   * @param windowSizeMs the size of the windows, for {@link Windowed#end()}
   */
  public SegmentedWindowStore(
      String name, Retention retention, long windowSizeMs, SegmentStorage storage) {
    super(name, retention, storage, WindowKeys::start);
    if (windowSizeMs <= 0) {
      throw new IllegalArgumentException(
          "window size of state store '" + name + "' must be positive, got " + windowSizeMs);
    }
    this.windowSizeMs = windowSizeMs;
  }

  @Override
  public long windowSizeMs() {
    return windowSizeMs;
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStart) {
    checkOpen();
    checkTime(windowStart);
    segments.observe(windowStart);
    KeyValueStore<Bytes, byte[]> segment =
        value == null ? segments.get(windowStart) : segments.getOrCreate(windowStart);
    if (segment != null) {
      segment.put(Bytes.wrap(WindowKeys.toStoreKey(key.get(), windowStart)), value);
    }
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    checkOpen();
    KeyValueStore<Bytes, byte[]> segment = segments.get(windowStart);
    return segment == null
        ? null
        : segment.get(Bytes.wrap(WindowKeys.toStoreKey(key.get(), windowStart)));
  }

  @Override
  public KeyValueIterator<Long, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    checkOpen();
    long from = Math.max(timeFrom, segments.minLiveTime());
    byte[] k = key.get();
    Bytes lower = Bytes.wrap(WindowKeys.toStoreKey(k, Math.max(from, 0)));
    Bytes upper = Bytes.wrap(WindowKeys.toStoreKey(k, Math.max(timeTo, 0)));
    return new SegmentIterator<>(
        name,
        this::isOpen,
        segments.between(from, timeTo),
        segment -> segment.range(lower, upper),
        entry -> {
          byte[] storeKey = entry.key().get();
          return WindowKeys.isKey(storeKey, k)
              ? KeyValue.pair(WindowKeys.start(storeKey), entry.value())
              : null;
        });
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(
      Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    checkOpen();
    long from = Math.max(timeFrom, segments.minLiveTime());
    return windows(segments.between(from, timeTo), keyFrom, keyTo, from, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    checkOpen();
    return windows(segments.all(), null, null, segments.minLiveTime(), Long.MAX_VALUE);
  }

  private KeyValueIterator<Windowed<Bytes>, byte[]> windows(
      List<KeyValueStore<Bytes, byte[]>> live, Bytes keyFrom, Bytes keyTo, long from, long to) {
    Bytes upper =
        keyTo == null ? null : Bytes.wrap(WindowKeys.upperBound(keyTo.get(), WindowKeys.SUFFIX));
    return new SegmentIterator<>(
        name,
        this::isOpen,
        live,
        segment -> segment.range(keyFrom, upper),
        entry -> {
          byte[] storeKey = entry.key().get();
          Bytes key = Bytes.wrap(WindowKeys.key(storeKey));
          long start = WindowKeys.start(storeKey);
          boolean inRange =
              start >= from
                  && start <= to
                  && (keyFrom == null || key.compareTo(keyFrom) >= 0)
                  && (keyTo == null || key.compareTo(keyTo) <= 0);
          return inRange
              ? KeyValue.pair(new Windowed<>(key, start, start + windowSizeMs), entry.value())
              : null;
        });
  }

  private void checkTime(long time) {
    if (time < 0) {
      throw new IllegalArgumentException(
          "window start must not be negative in state store '" + name + "', got " + time);
    }
  }
}
