package io.runnel.state.internal.cache;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;

/**
 * The entries of a store iterator overlaid with a sorted snapshot of dirty cache entries: a dirty
 * entry replaces the store's entry for its key, and a dirty delete (null value) hides it. Both
 * sources run in the same direction.
 *
 * <p>Not thread-safe, like every iterator.
 */
final class MergedIterator implements KeyValueIterator<Bytes, byte[]> {
  private final Iterator<Map.Entry<Bytes, byte[]>> dirty;
  private final KeyValueIterator<Bytes, byte[]> store;
  private final boolean reverse;
  private Map.Entry<Bytes, byte[]> nextDirty;
  private KeyValue<Bytes, byte[]> next;
  private boolean closed;

  /** {@code dirty} is sorted in the direction of {@code store}. */
  MergedIterator(
      SortedMap<Bytes, byte[]> dirty, KeyValueIterator<Bytes, byte[]> store, boolean reverse) {
    this.dirty = dirty.entrySet().iterator();
    this.store = store;
    this.reverse = reverse;
    this.nextDirty = this.dirty.hasNext() ? this.dirty.next() : null;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      throw new IllegalStateException("iterator is closed");
    }
    while (next == null) {
      boolean storeHasNext = store.hasNext();
      if (nextDirty == null && !storeHasNext) {
        return false;
      }
      int order =
          nextDirty == null
              ? 1
              : !storeHasNext ? -1 : compare(nextDirty.getKey(), store.peekNextKey());
      if (order > 0) {
        next = store.next();
        continue;
      }
      if (order == 0) {
        store.next();
      }
      Map.Entry<Bytes, byte[]> candidate = nextDirty;
      nextDirty = dirty.hasNext() ? dirty.next() : null;
      if (candidate.getValue() != null) {
        next = KeyValue.pair(candidate.getKey(), candidate.getValue());
      }
    }
    return true;
  }

  @Override
  public KeyValue<Bytes, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    KeyValue<Bytes, byte[]> result = next;
    next = null;
    return result;
  }

  @Override
  public Bytes peekNextKey() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return next.key();
  }

  @Override
  public void close() {
    closed = true;
    store.close();
  }

  private int compare(Bytes a, Bytes b) {
    return reverse ? b.compareTo(a) : a.compareTo(b);
  }
}
