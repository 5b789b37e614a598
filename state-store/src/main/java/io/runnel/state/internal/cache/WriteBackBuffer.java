package io.runnel.state.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The write-back part of a record cache, for any cache key (a windowed key, a session): a Caffeine
 * cache bounded in bytes (key weight plus value length) and the dirty entries in the order they
 * were first changed since their last write-down. When Caffeine evicts a dirty entry, that entry
 * and every entry dirtied before it are handed to the writer, in order, inside the {@code put} or
 * {@code get} that overflowed the cache; {@link #writeDownAll()} hands all of them.
 *
 * <p>Not thread-safe: the owning store's stream thread only.
 *
 * @param <K> the cache key
 */
final class WriteBackBuffer<K> {
  /** A cached value: Caffeine holds no nulls, and a cached null means "known absent". */
  record Cached(byte[] value) {}

  /** A dirty entry handed to the writer; a null value is a pending delete. */
  record Dirty<K>(K key, byte[] value) {}

  private final Cache<K, Cached> cache;
  private final LinkedHashMap<K, byte[]> dirty = new LinkedHashMap<>();
  private final Consumer<List<Dirty<K>>> writer;

  /**
   * A buffer of at most {@code maxBytes}.
   *
   * @param keyWeight the bytes a key counts for
   * @param writer writes a batch of dirty entries down, in the given order
   */
  WriteBackBuffer(long maxBytes, ToIntFunction<K> keyWeight, Consumer<List<Dirty<K>>> writer) {
    this.writer = writer;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (K key, Cached value) ->
                    keyWeight.applyAsInt(key) + (value.value() == null ? 0 : value.value().length))
            // Eviction on the caller's thread, inside the write that overflowed the cache.
            .executor(Runnable::run)
            .evictionListener((K key, Cached value, RemovalCause cause) -> onEvicted(key))
            .build();
  }

  /** The cached value of {@code key}, or null if the cache does not know it. */
  Cached get(K key) {
    return cache.getIfPresent(key);
  }

  /** Remembers a value read from the store (not dirty). */
  void putClean(K key, byte[] value) {
    cache.put(key, new Cached(value));
  }

  /** Writes {@code value} (null: delete) into the cache; it reaches the store on write-down. */
  void putDirty(K key, byte[] value) {
    // Dirty first: the put below may evict this very entry, which must then be written down.
    dirty.put(key, value);
    cache.put(key, new Cached(value));
  }

  /** The dirty entries, in dirty order; a null value is a pending delete. Do not modify. */
  Map<K, byte[]> dirty() {
    return dirty;
  }

  /** Hands every dirty entry to the writer, in dirty order. */
  void writeDownAll() {
    writeDown(dirty.size());
  }

  /** Forgets everything, dirty entries included. */
  void clear() {
    dirty.clear();
    cache.invalidateAll();
  }

  private void onEvicted(K key) {
    if (!dirty.containsKey(key)) {
      return;
    }
    int position = 1;
    for (K k : dirty.keySet()) {
      if (k.equals(key)) {
        break;
      }
      position++;
    }
    writeDown(position);
  }

  private void writeDown(int count) {
    if (count == 0) {
      return;
    }
    List<Dirty<K>> batch = new ArrayList<>(count);
    Iterator<Map.Entry<K, byte[]>> it = dirty.entrySet().iterator();
    while (batch.size() < count) {
      Map.Entry<K, byte[]> entry = it.next();
      it.remove();
      batch.add(new Dirty<>(entry.getKey(), entry.getValue()));
    }
    writer.accept(batch);
  }
}
