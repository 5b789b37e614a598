package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StoreClosedException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Iterates segments one after another, opening each segment's iterator only when the previous one
 * is exhausted, and converts each entry (or drops it, when the conversion returns null).
 *
 * <p>Not thread-safe, like every iterator.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class SegmentIterator<K, V> implements KeyValueIterator<K, V> {
  private final String storeName;
  private final BooleanSupplier storeOpen;
  private final Iterator<KeyValueStore<Bytes, byte[]>> segments;
  private final Function<KeyValueStore<Bytes, byte[]>, KeyValueIterator<Bytes, byte[]>> open;
  private final Function<KeyValue<Bytes, byte[]>, KeyValue<K, V>> convert;
  private KeyValueIterator<Bytes, byte[]> current;
  private KeyValue<K, V> next;
  private boolean closed;

  SegmentIterator(
      String storeName,
      BooleanSupplier storeOpen,
      List<KeyValueStore<Bytes, byte[]>> segments,
      Function<KeyValueStore<Bytes, byte[]>, KeyValueIterator<Bytes, byte[]>> open,
      Function<KeyValue<Bytes, byte[]>, KeyValue<K, V>> convert) {
    this.storeName = storeName;
    this.storeOpen = storeOpen;
    this.segments = segments.iterator();
    this.open = open;
    this.convert = convert;
  }

  @Override
  public boolean hasNext() {
    if (!storeOpen.getAsBoolean()) {
      throw new StoreClosedException(storeName);
    }
    if (closed) {
      throw new IllegalStateException("iterator of state store '" + storeName + "' is closed");
    }
    while (next == null) {
      if (current != null && current.hasNext()) {
        next = convert.apply(current.next());
      } else if (segments.hasNext()) {
        if (current != null) {
          current.close();
        }
        current = open.apply(segments.next());
      } else {
        return false;
      }
    }
    return true;
  }

  @Override
  public KeyValue<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries in state store '" + storeName + "'");
    }
    KeyValue<K, V> result = next;
    next = null;
    return result;
  }

  @Override
  public K peekNextKey() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries in state store '" + storeName + "'");
    }
    return next.key();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.close();
    }
  }
}
