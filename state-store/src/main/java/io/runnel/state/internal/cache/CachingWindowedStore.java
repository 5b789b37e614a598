package io.runnel.state.internal.cache;

import io.runnel.state.Bytes;
import io.runnel.state.StateStore;
import io.runnel.state.StoreClosedException;
import io.runnel.state.Windowed;
import io.runnel.state.WindowedFlushListener;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.internal.cache.WriteBackBuffer.Dirty;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * What the record caches in front of window and session stores share: the write-back buffer and
 * its index of dirty entries in key order, stream time for expiry, the write-down (old values read
 * only when someone listens, an entry created and deleted in the cache never reaching the store),
 * and the lifecycle.
 *
 * <p>Not thread-safe: owned by the task's thread, as the store behind it is.
 *
 * @param <K> the cache's key: a window or a session of a byte key
 */
abstract class CachingWindowedStore<K> {
  private final StateStore store;
  private final WindowedFlushListener listener;
  final WriteBackBuffer<K> buffer;
  // The dirty entries in key order (the buffer keeps them in dirty order).
  final NavigableSet<K> dirtyIndex;
  long streamTime = Long.MIN_VALUE;
  private boolean open = true;

  CachingWindowedStore(
      StateStore store,
      long maxBytes,
      WindowedFlushListener listener,
      ToIntFunction<K> keyWeight,
      NavigableSet<K> dirtyIndex) {
    this.store = Objects.requireNonNull(store, "store");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.dirtyIndex = dirtyIndex;
    this.buffer = new WriteBackBuffer<>(maxBytes, keyWeight, this::writeDown);
  }

  /** The value the store behind holds for {@code key}, or null. */
  abstract byte[] stored(K key);

  /** Writes {@code value} (null: deletes) for {@code key} to the store behind. */
  abstract void writeToStore(K key, byte[] value);

  /** {@code key} as the window a listener hears of. */
  abstract Windowed<Bytes> windowed(K key);

  /** The store behind's retention. */
  abstract long storeRetentionMs();

  public String name() {
    return store.name();
  }

  public boolean isOpen() {
    return open && store.isOpen();
  }

  /** Writes every dirty entry down in dirty order, then flushes the store. */
  public void flush() {
    checkOpen();
    buffer.writeDownAll();
    store.flush();
  }

  /** Drops the cache, dirty entries included (flush first to keep them), and closes the store. */
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    buffer.clear();
    dirtyIndex.clear();
    store.close();
  }

  public RestoreTarget restoreTarget() {
    return store.restoreTarget();
  }

  /** How many entries are dirty: written to the cache and not yet to the store. */
  public int dirtyCount() {
    return buffer.dirty().size();
  }

  /** Whether a window starting (or a session ending) at {@code time} is past retention. */
  final boolean expired(long time) {
    return streamTime != Long.MIN_VALUE && time <= streamTime - storeRetentionMs();
  }

  final void checkOpen() {
    if (!open) {
      throw new StoreClosedException(store.name());
    }
  }

  private void writeDown(List<Dirty<K>> batch) {
    for (Dirty<K> entry : batch) {
      dirtyIndex.remove(entry.key());
    }
    List<byte[]> oldValues = new ArrayList<>(batch.size());
    for (Dirty<K> entry : batch) {
      byte[] old =
          listener != WindowedFlushListener.NONE || entry.value() == null
              ? stored(entry.key())
              : null;
      oldValues.add(old);
      if (entry.value() != null || old != null) {
        // An entry created and deleted (or merged away) in the cache never reaches the store or
        // its changelog.
        writeToStore(entry.key(), entry.value());
      }
    }
    if (listener == WindowedFlushListener.NONE) {
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Dirty<K> entry = batch.get(i);
      byte[] old = oldValues.get(i);
      if (entry.value() != null || old != null) {
        listener.onFlush(windowed(entry.key()), entry.value(), old);
      }
    }
  }
}
