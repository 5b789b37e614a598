package io.runnel.state.internal;

import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.StoreClosedException;
import java.util.NoSuchElementException;

/**
 * Base of the iterators of byte stores: look-ahead of one entry, registration with the store's
 * {@link OpenIterators}, and the closed checks every implementation shares.
 *
 * <p>Not thread-safe, like every iterator; {@link #closeBecauseStoreClosed()} may race with the
 * owner only in the store's documented ways.
 *
 * @param <K> key type
 * @param <V> value type
 */
public abstract class StoreIterator<K, V> implements KeyValueIterator<K, V> {
  private final String storeName;
  private final OpenIterators registry;
  private KeyValue<K, V> next;
  private boolean closed;
  private volatile boolean storeClosed;

  protected StoreIterator(String storeName, OpenIterators registry) {
    this.storeName = storeName;
    this.registry = registry;
    registry.add(this);
  }

  /** The next entry from the underlying source, or null at the end. */
  protected abstract KeyValue<K, V> fetchNext();

  /** Releases the underlying resources; called once. */
  protected abstract void release();

  @Override
  public final boolean hasNext() {
    checkUsable();
    if (next == null) {
      next = fetchNext();
    }
    return next != null;
  }

  @Override
  public final KeyValue<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries in state store '" + storeName + "'");
    }
    KeyValue<K, V> result = next;
    next = null;
    return result;
  }

  @Override
  public final K peekNextKey() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more entries in state store '" + storeName + "'");
    }
    return next.key();
  }

  @Override
  public final void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    registry.remove(this);
    next = null;
    release();
  }

  void closeBecauseStoreClosed() {
    storeClosed = true;
    close();
  }

  private void checkUsable() {
    if (storeClosed) {
      throw new StoreClosedException(storeName);
    }
    if (closed) {
      throw new IllegalStateException("iterator of state store '" + storeName + "' is closed");
    }
  }
}
