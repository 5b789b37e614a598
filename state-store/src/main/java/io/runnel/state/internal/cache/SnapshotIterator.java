package io.runnel.state.internal.cache;

import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.StoreClosedException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/**
 * An iterator over a list of entries taken from a store and its cache when the iterator was opened;
 * it throws {@link StoreClosedException} once the store is closed, as store iterators do.
 *
 * <p>Not thread-safe: the thread that opened it.
 */
final class SnapshotIterator<K, V> implements KeyValueIterator<K, V> {
  private final String storeName;
  private final BooleanSupplier storeOpen;
  private final List<KeyValue<K, V>> entries;
  private int next;

  SnapshotIterator(String storeName, BooleanSupplier storeOpen, List<KeyValue<K, V>> entries) {
    this.storeName = storeName;
    this.storeOpen = storeOpen;
    this.entries = entries;
  }

  @Override
  public boolean hasNext() {
    if (!storeOpen.getAsBoolean()) {
      throw new StoreClosedException(storeName);
    }
    return next < entries.size();
  }

  @Override
  public KeyValue<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return entries.get(next++);
  }

  @Override
  public K peekNextKey() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return entries.get(next).key();
  }

  @Override
  public void close() {}
}
