package io.runnel.state.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.runnel.state.Bytes;
import io.runnel.state.FlushListener;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StoreClosedException;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A write-back record cache in front of a byte store (DESIGN.md decision 5): writes stay in a
 * Caffeine cache bounded in bytes (key plus value lengths) until {@link #flush()} or eviction, so
 * repeated updates to a key between commits reach the store, its changelog and the {@link
 * FlushListener} once.
 *
 * <p>Dirty keys are kept in the order they were first changed since their last write-down. {@link
 * #flush()} writes every dirty key down in that order. When Caffeine evicts a dirty entry, that
 * entry and every entry dirtied before it are written down, in order, so the store and the listener
 * always see changes in the order they were made. Eviction runs on the writing thread (the cache's
 * executor is the caller), inside the {@code put} or {@code get} that overflowed the cache. Reads
 * go to the cache first; a miss reads the store and caches what it found.
 *
 * <p>Ranges merge the dirty entries into the store's iterator, so they see unflushed writes and
 * deletes.
 *
 * <p>Not thread-safe: used by the owning stream thread only.
 */
public final class CachingKeyValueStore implements KeyValueStore<Bytes, byte[]> {
  private final KeyValueStore<Bytes, byte[]> store;
  private final FlushListener listener;
  private final Cache<Bytes, CachedValue> cache;
  // Insertion order is the order keys were first dirtied; a null value is a pending delete.
  private final LinkedHashMap<Bytes, byte[]> dirty = new LinkedHashMap<>();
  private boolean open = true;

  /** The cache value: Caffeine does not hold nulls, and a cached null means "known absent". */
  private record CachedValue(byte[] value) {
    int weight() {
      return value == null ? 0 : value.length;
    }
  }

  /**
   * A cache of at most {@code maxBytes} of keys and values in front of {@code store}.
   *
   * @param listener hears each write-down; {@link FlushListener#NONE} saves reading old values
   */
  public CachingKeyValueStore(
      KeyValueStore<Bytes, byte[]> store, long maxBytes, FlushListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((Bytes key, CachedValue value) -> key.length() + value.weight())
            // Eviction on the caller's thread, inside the write that overflowed the cache.
            .executor(Runnable::run)
            .evictionListener((Bytes key, CachedValue value, RemovalCause cause) -> onEvicted(key))
            .build();
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public boolean isOpen() {
    return open && store.isOpen();
  }

  @Override
  public byte[] get(Bytes key) {
    checkOpen();
    CachedValue cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached.value();
    }
    byte[] value = store.get(key);
    if (value != null) {
      cache.put(key, new CachedValue(value));
    }
    return value;
  }

  @Override
  public void put(Bytes key, byte[] value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    // Dirty first: the put below may evict this very entry, which must then be written down.
    dirty.put(key, value);
    cache.put(key, new CachedValue(value));
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    for (KeyValue<Bytes, byte[]> entry : entries) {
      put(entry.key(), entry.value());
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] old = get(key);
    put(key, null);
    return old;
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    checkOpen();
    return new MergedIterator(dirtyIn(from, to, k -> true, false), store.range(from, to), false);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    checkOpen();
    return new MergedIterator(
        dirtyIn(from, to, k -> true, true), store.reverseRange(from, to), true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return range(null, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return reverseRange(null, null);
  }

  @Override
  public <P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, Serde<P> prefixSerde) {
    checkOpen();
    byte[] bytes = prefixSerde.serialize(prefix);
    return new MergedIterator(
        dirtyIn(null, null, k -> k.startsWith(bytes), false),
        store.prefixScan(prefix, prefixSerde),
        false);
  }

  /** The store's estimate plus the dirty keys (some of which may be deletes or already there). */
  @Override
  public long approximateNumEntries() {
    checkOpen();
    return store.approximateNumEntries() + dirty.size();
  }

  /** Writes every dirty key down in dirty order, then flushes the store. */
  @Override
  public void flush() {
    checkOpen();
    writeDown(dirty.size());
    store.flush();
  }

  /** Drops the cache, dirty entries included (flush first to keep them), and closes the store. */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    dirty.clear();
    cache.invalidateAll();
    store.close();
  }

  @Override
  public RestoreTarget restoreTarget() {
    return store.restoreTarget();
  }

  /** How many keys are dirty: written to the cache and not yet to the store. */
  public int dirtyCount() {
    return dirty.size();
  }

  private void onEvicted(Bytes key) {
    if (!dirty.containsKey(key)) {
      return;
    }
    int position = 1;
    for (Bytes k : dirty.keySet()) {
      if (k.equals(key)) {
        break;
      }
      position++;
    }
    writeDown(position);
  }

  /** Writes the first {@code count} dirty keys down, in dirty order, and marks them clean. */
  private void writeDown(int count) {
    if (count == 0) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(count);
    Iterator<Map.Entry<Bytes, byte[]>> it = dirty.entrySet().iterator();
    while (batch.size() < count) {
      Map.Entry<Bytes, byte[]> entry = it.next();
      it.remove();
      batch.add(KeyValue.pair(entry.getKey(), entry.getValue()));
    }
    if (listener == FlushListener.NONE) {
      store.putAll(batch);
      return;
    }
    List<byte[]> oldValues = new ArrayList<>(count);
    for (KeyValue<Bytes, byte[]> entry : batch) {
      oldValues.add(store.get(entry.key()));
    }
    store.putAll(batch);
    for (int i = 0; i < batch.size(); i++) {
      KeyValue<Bytes, byte[]> entry = batch.get(i);
      if (entry.value() != null || oldValues.get(i) != null) {
        listener.onFlush(entry.key(), entry.value(), oldValues.get(i));
      }
    }
  }

  /** A sorted snapshot of the dirty entries in a range, tombstones included. */
  private TreeMap<Bytes, byte[]> dirtyIn(
      Bytes from, Bytes to, Predicate<Bytes> matches, boolean reverse) {
    TreeMap<Bytes, byte[]> snapshot = new TreeMap<>();
    for (Map.Entry<Bytes, byte[]> entry : dirty.entrySet()) {
      Bytes key = entry.getKey();
      if ((from == null || key.compareTo(from) >= 0)
          && (to == null || key.compareTo(to) <= 0)
          && matches.test(key)) {
        snapshot.put(key, entry.getValue());
      }
    }
    return reverse ? new TreeMap<>(snapshot.descendingMap()) : snapshot;
  }

  private void checkOpen() {
    if (!open) {
      throw new StoreClosedException(store.name());
    }
  }
}
