package io.runnel.state.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StoreClosedException;
import io.runnel.state.changelog.ChangelogRecord;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * A byte key-value store in a {@link ConcurrentSkipListMap}, ordered like RocksDB (unsigned
 * lexicographic {@link Bytes}). Nothing is persisted: it is rebuilt from the changelog on start.
 *
 * <p>Written by the owning stream thread; reads and iterators are safe from other threads
 * (iterators are weakly consistent: they may or may not see writes made after they were opened).
 */
public final class InMemoryKeyValueStore
    implements KeyValueStore<Bytes, byte[]>, TracksIterators, RestoreTarget {
  private final String name;
  private final ConcurrentSkipListMap<Bytes, byte[]> map = new ConcurrentSkipListMap<>();
  private final OpenIterators iterators = new OpenIterators();
  private volatile boolean open = true;

  /** An empty store named {@code name}. */
  public InMemoryKeyValueStore(String name) {
    this.name = StoreName.validate(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public byte[] get(Bytes key) {
    checkOpen();
    return map.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    checkOpen();
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    checkOpen();
    return value == null ? map.get(key) : map.putIfAbsent(key, value);
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    checkOpen();
    for (KeyValue<Bytes, byte[]> entry : entries) {
      put(entry.key(), entry.value());
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    checkOpen();
    return map.remove(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return iterator(view(from, to), k -> true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return iterator(view(from, to).descendingMap(), k -> true);
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
    byte[] bytes = prefixSerde.serialize(prefix);
    return iterator(view(Bytes.wrap(bytes), null), k -> k.startsWith(bytes));
  }

  @Override
  public long approximateNumEntries() {
    checkOpen();
    return map.size();
  }

  @Override
  public void flush() {
    checkOpen();
  }

  @Override
  public void close() {
    open = false;
    iterators.closeAll();
    map.clear();
  }

  @Override
  public int openIterators() {
    return iterators.count();
  }

  @Override
  public RestoreTarget restoreTarget() {
    return this;
  }

  @Override
  public void restoreBatch(List<ChangelogRecord> records) {
    checkOpen();
    for (ChangelogRecord record : records) {
      put(Bytes.wrap(record.key()), record.value());
    }
  }

  private NavigableMap<Bytes, byte[]> view(Bytes from, Bytes to) {
    checkOpen();
    if (from != null && to != null && from.compareTo(to) > 0) {
      return Collections.emptyNavigableMap();
    }
    NavigableMap<Bytes, byte[]> view = map;
    if (from != null) {
      view = view.tailMap(from, true);
    }
    if (to != null) {
      view = view.headMap(to, true);
    }
    return view;
  }

  private KeyValueIterator<Bytes, byte[]> iterator(
      NavigableMap<Bytes, byte[]> view, Predicate<Bytes> inRange) {
    Iterator<Map.Entry<Bytes, byte[]>> entries = view.entrySet().iterator();
    return new StoreIterator<>(name, iterators) {
      private boolean done;

      @Override
      protected KeyValue<Bytes, byte[]> fetchNext() {
        if (done || !entries.hasNext()) {
          return null;
        }
        Map.Entry<Bytes, byte[]> entry = entries.next();
        if (!inRange.test(entry.getKey())) {
          done = true;
          return null;
        }
        return KeyValue.pair(entry.getKey(), entry.getValue());
      }

      @Override
      protected void release() {}
    };
  }

  private void checkOpen() {
    if (!open) {
      throw new StoreClosedException(name);
    }
  }
}
