package io.runnel.state.internal;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iterators a store has handed out and that are not closed yet, so that closing the store
 * closes them (a RocksDB iterator outliving its database crashes the process) and a leak shows as a
 * count.
 *
 * <p>Thread-safe: iterators may be opened and closed on query threads while the owner closes the
 * store.
 */
public final class OpenIterators {
  private final Set<StoreIterator<?, ?>> open = ConcurrentHashMap.newKeySet();

  void add(StoreIterator<?, ?> iterator) {
    open.add(iterator);
  }

  void remove(StoreIterator<?, ?> iterator) {
    open.remove(iterator);
  }

  /** How many iterators are open. */
  public int count() {
    return open.size();
  }

  /**
   * Closes every open iterator; using one afterwards throws {@link
   * io.runnel.state.StoreClosedException}.
   *
   * @return how many were open
   */
  public int closeAll() {
    int closed = 0;
    for (StoreIterator<?, ?> iterator : new ArrayList<>(open)) {
      iterator.closeBecauseStoreClosed();
      closed++;
    }
    return closed;
  }
}
