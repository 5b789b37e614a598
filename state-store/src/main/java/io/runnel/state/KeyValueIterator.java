package io.runnel.state;

import java.util.Iterator;

/**
 * An iterator over the entries of a store. It holds resources of the store (a RocksDB iterator and
 * the snapshot it pins), so it must be closed, best with try-with-resources. Closing the store
 * closes its open iterators: using one afterwards throws {@link StoreClosedException}.
 *
 * <p>Not thread-safe: use an iterator from the thread that opened it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface KeyValueIterator<K, V> extends Iterator<KeyValue<K, V>>, AutoCloseable {

  /** Releases the iterator's resources. Idempotent. Never throws a checked exception. */
  @Override
  void close();

  /**
   * The key of the next entry without consuming it.
   *
   * @throws java.util.NoSuchElementException if there is no next entry
   */
  K peekNextKey();
}
