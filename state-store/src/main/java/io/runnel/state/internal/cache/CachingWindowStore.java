package io.runnel.state.internal.cache;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.WindowedFlushListener;
import io.runnel.state.internal.cache.WriteBackBuffer.Cached;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A write-back record cache in front of a byte window store, as {@link CachingKeyValueStore} is for
 * key-value stores: puts stay in a Caffeine cache bounded in bytes (key, 8 bytes of window start,
 * value) until {@link #flush()} or eviction, so repeated updates of one window between commits
 * reach the store, its changelog and the {@link WindowedFlushListener} once, with the value the
 * store had before as the old value. Write-downs keep the order in which windows were first
 * dirtied; an evicted dirty window is written down with every window dirtied before it.
 *
 * <p>Expiry follows the store's contract with the cache's own stream time (the largest window start
 * put through it): a put of an expired window is ignored and reads do not return expired windows.
 * Reads see unflushed puts and deletes: single-window fetches go to the cache first (a miss reads
 * the store and caches what it found); range fetches merge the dirty windows into what the store
 * returns and are ordered by key bytes, then window start.
 *
 * <p>Not thread-safe: used by the owning stream thread only.
 */
public final class CachingWindowStore extends CachingWindowedStore<CachingWindowStore.WindowKey>
    implements WindowStore<Bytes, byte[]> {
  /** A window of a key: the cache key. Ordered by key bytes, then start. */
  record WindowKey(Bytes key, long start) implements Comparable<WindowKey> {
    @Override
    public int compareTo(WindowKey other) {
      int byKey = key.compareTo(other.key);
      return byKey != 0 ? byKey : Long.compare(start, other.start);
    }
  }

  private final WindowStore<Bytes, byte[]> store;

  /**
   * A cache of at most {@code maxBytes} in front of {@code store}.
   *
   * @param listener hears each write-down; {@link WindowedFlushListener#NONE} saves reading old
   *     values
   */
  public CachingWindowStore(
      WindowStore<Bytes, byte[]> store, long maxBytes, WindowedFlushListener listener) {
    super(store, maxBytes, listener, k -> k.key().length() + 8, new TreeSet<>());
    this.store = store;
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStart) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    if (windowStart < 0) {
      throw new IllegalArgumentException(
          "window start must not be negative in state store '" + name() + "', got " + windowStart);
    }
    streamTime = Math.max(streamTime, windowStart);
    if (expired(windowStart)) {
      return;
    }
    WindowKey window = new WindowKey(key, windowStart);
    dirtyIndex.add(window);
    buffer.putDirty(window, value);
  }

  @Override
  public byte[] fetch(Bytes key, long windowStart) {
    checkOpen();
    if (expired(windowStart)) {
      return null;
    }
    WindowKey window = new WindowKey(key, windowStart);
    Cached cached = buffer.get(window);
    if (cached != null) {
      return cached.value();
    }
    byte[] value = store.fetch(key, windowStart);
    if (value != null) {
      buffer.putClean(window, value);
    }
    return value;
  }

  @Override
  public KeyValueIterator<Long, byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    checkOpen();
    TreeMap<Long, byte[]> merged = new TreeMap<>();
    try (KeyValueIterator<Long, byte[]> it = store.fetch(key, timeFrom, timeTo)) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> entry = it.next();
        merged.put(entry.key(), entry.value());
      }
    }
    if (timeFrom <= timeTo) {
      Map<WindowKey, byte[]> dirty = buffer.dirty();
      for (WindowKey window :
          dirtyIndex.subSet(new WindowKey(key, timeFrom), true, new WindowKey(key, timeTo), true)) {
        merged.put(window.start(), dirty.get(window));
      }
    }
    List<KeyValue<Long, byte[]>> out = new ArrayList<>(merged.size());
    for (Map.Entry<Long, byte[]> entry : merged.entrySet()) {
      if (entry.getValue() != null && !expired(entry.getKey())) {
        out.add(KeyValue.pair(entry.getKey(), entry.getValue()));
      }
    }
    return new SnapshotIterator<>(name(), this::isOpen, out);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(
      Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    checkOpen();
    TreeMap<WindowKey, byte[]> merged = new TreeMap<>();
    try (KeyValueIterator<Windowed<Bytes>, byte[]> it =
        store.fetch(keyFrom, keyTo, timeFrom, timeTo)) {
      while (it.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> entry = it.next();
        merged.put(new WindowKey(entry.key().key(), entry.key().start()), entry.value());
      }
    }
    NavigableSet<WindowKey> candidates = dirtyIndex;
    if (keyFrom != null) {
      candidates = candidates.tailSet(new WindowKey(keyFrom, Long.MIN_VALUE), true);
    }
    if (keyTo != null) {
      candidates = candidates.headSet(new WindowKey(keyTo, Long.MAX_VALUE), true);
    }
    Map<WindowKey, byte[]> dirty = buffer.dirty();
    for (WindowKey window : candidates) {
      if (window.start() >= timeFrom && window.start() <= timeTo) {
        merged.put(window, dirty.get(window));
      }
    }
    return windowed(merged);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    checkOpen();
    TreeMap<WindowKey, byte[]> merged = new TreeMap<>();
    try (KeyValueIterator<Windowed<Bytes>, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> entry = it.next();
        merged.put(new WindowKey(entry.key().key(), entry.key().start()), entry.value());
      }
    }
    Map<WindowKey, byte[]> dirty = buffer.dirty();
    for (WindowKey window : dirtyIndex) {
      merged.put(window, dirty.get(window));
    }
    return windowed(merged);
  }

  private KeyValueIterator<Windowed<Bytes>, byte[]> windowed(TreeMap<WindowKey, byte[]> merged) {
    List<KeyValue<Windowed<Bytes>, byte[]>> out = new ArrayList<>(merged.size());
    long size = store.windowSizeMs();
    for (Map.Entry<WindowKey, byte[]> entry : merged.entrySet()) {
      WindowKey window = entry.getKey();
      if (entry.getValue() != null && !expired(window.start())) {
        out.add(
            KeyValue.pair(
                new Windowed<>(window.key(), window.start(), window.start() + size),
                entry.getValue()));
      }
    }
    return new SnapshotIterator<>(name(), this::isOpen, out);
  }

  @Override
  public long windowSizeMs() {
    return store.windowSizeMs();
  }

  @Override
  public long retentionMs() {
    return store.retentionMs();
  }

  @Override
  byte[] stored(WindowKey window) {
    return store.fetch(window.key(), window.start());
  }

  @Override
  void writeToStore(WindowKey window, byte[] value) {
    store.put(window.key(), value, window.start());
  }

  @Override
  Windowed<Bytes> windowed(WindowKey window) {
    return new Windowed<>(window.key(), window.start(), window.start() + store.windowSizeMs());
  }

  @Override
  long storeRetentionMs() {
    return store.retentionMs();
  }
}
