package io.runnel.state.internal.rocksdb;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.StateStoreException;
import io.runnel.state.StoreClosedException;
import io.runnel.state.internal.OpenIterators;
import io.runnel.state.internal.StoreIterator;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A range, reverse range or prefix scan over a RocksDB iterator (which pins a consistent view of
 * the database from its creation). Bounds are inclusive and compared unsigned, as RocksDB's
 * bytewise comparator orders keys.
 *
 * <p>Not thread-safe. Native calls hold the store's shared lock so they never reach a closed
 * database; entries are read ahead in growing batches (up to {@value #MAX_BATCH}) so that the lock
 * is taken once per batch, not once per entry.
 */
final class RocksDBRangeIterator extends StoreIterator<Bytes, byte[]> {
  private final String storeName;
  private final Lock storeLock;
  private final RocksIterator iterator;
  private final byte[] from;
  private final byte[] to;
  private final boolean reverse;
  private static final int MAX_BATCH = 128;
  private final byte[] prefix;
  private final ArrayDeque<KeyValue<Bytes, byte[]>> ahead = new ArrayDeque<>();
  private int batch = 4;
  private boolean done;
  private boolean released;

  /** A null {@code iterator} makes an empty iterator. */
  RocksDBRangeIterator(
      String storeName,
      OpenIterators registry,
      Lock storeLock,
      RocksIterator iterator,
      byte[] from,
      byte[] to,
      boolean reverse,
      byte[] prefix) {
    super(storeName, registry);
    this.storeName = storeName;
    this.storeLock = storeLock;
    this.iterator = iterator;
    this.from = from;
    this.to = to;
    this.reverse = reverse;
    this.prefix = prefix;
    if (iterator == null) {
      done = true;
    } else if (reverse) {
      if (to == null) {
        iterator.seekToLast();
      } else {
        iterator.seekForPrev(to);
      }
    } else if (from == null) {
      iterator.seekToFirst();
    } else {
      iterator.seek(from);
    }
  }

  @Override
  protected KeyValue<Bytes, byte[]> fetchNext() {
    if (ahead.isEmpty() && !done) {
      readAhead();
    }
    return ahead.poll();
  }

  private void readAhead() {
    storeLock.lock();
    try {
      if (released) {
        throw new StoreClosedException(storeName);
      }
      for (int i = 0; i < batch; i++) {
        if (!iterator.isValid()) {
          iterator.status();
          done = true;
          break;
        }
        byte[] key = iterator.key();
        if (!inRange(key)) {
          done = true;
          break;
        }
        ahead.add(KeyValue.pair(Bytes.wrap(key), iterator.value()));
        if (reverse) {
          iterator.prev();
        } else {
          iterator.next();
        }
      }
      batch = Math.min(batch * 2, MAX_BATCH);
    } catch (RocksDBException e) {
      throw new StateStoreException(
          "error iterating state store '" + storeName + "': " + e.getMessage(), e);
    } finally {
      storeLock.unlock();
    }
  }

  private boolean inRange(byte[] key) {
    if (prefix != null) {
      return key.length >= prefix.length
          && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
    if (reverse) {
      return from == null || Arrays.compareUnsigned(key, from) >= 0;
    }
    return to == null || Arrays.compareUnsigned(key, to) <= 0;
  }

  @Override
  protected void release() {
    // Called by close() on the owner, or by the store's close() holding the exclusive lock.
    released = true;
    if (iterator != null) {
      iterator.close();
    }
  }
}
