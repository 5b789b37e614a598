package io.runnel.state.changelog;

import io.runnel.state.StateStoreException;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Rebuilds a store from its changelog: reads from the record after the checkpoint to the log end
 * offset captured when restore starts, and applies batches to the store's {@link RestoreTarget}. A
 * store whose checkpoint is the changelog's last offset reads nothing.
 *
 * <p>Stateless between calls; one restore runs on the calling thread. Safe to share.
 */
public final class StateRestorer {
  /** Records per batch unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 10_000;

  private final RestoreListener listener;
  private final int batchSize;
  private final LongSupplier nanoClock;

  /** A restorer reporting to {@code listener}, with the default batch size and the system clock. */
  public StateRestorer(RestoreListener listener) {
    this(listener, DEFAULT_BATCH_SIZE, System::nanoTime);
  }

  /**
   * A restorer reporting to {@code listener}.
   *
   * @param batchSize records per read and per write batch
   * @param nanoClock a monotonic clock in nanoseconds, for the rate
   */
  public StateRestorer(RestoreListener listener, int batchSize, LongSupplier nanoClock) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    this.batchSize = batchSize;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Restores {@code storeName}.
   *
   * @param target the store's restore target
   * @param reader the store's changelog partition
   * @param checkpoint the last changelog offset already in the store ({@link OffsetCheckpoint#NONE}
   *     if none)
   * @return the final progress; its {@link RestoreProgress#lastOffset()} is the offset to
   *     checkpoint next
   * @throws StateStoreException if the checkpoint is past the changelog's end
   */
  public RestoreProgress restore(
      String storeName, RestoreTarget target, ChangelogReader reader, long checkpoint) {
    long endOffset = reader.endOffset();
    long from = checkpoint + 1;
    if (from > endOffset) {
      throw new StateStoreException(
          "checkpoint of state store '"
              + storeName
              + "' is offset "
              + checkpoint
              + " but its changelog ends before offset "
              + endOffset
              + ": the changelog was truncated or recreated; delete the store's directory to"
              + " restore it from the changelog");
    }
    long total = endOffset - from;
    long started = nanoClock.getAsLong();
    long restored = 0;
    long lastOffset = checkpoint;
    listener.onRestoreStart(storeName, from, endOffset);
    if (total == 0) {
      RestoreProgress nothing = new RestoreProgress(storeName, 0, 0, 0, lastOffset);
      listener.onRestoreEnd(nothing);
      return nothing;
    }
    target.beginRestore();
    try {
      long position = from;
      while (position < endOffset) {
        List<ChangelogRecord> batch = reader.read(position, endOffset, batchSize);
        if (batch.isEmpty()) {
          break;
        }
        long batchLast = batch.get(batch.size() - 1).offset();
        if (batchLast < position || batchLast >= endOffset) {
          throw new StateStoreException(
              "changelog of state store '"
                  + storeName
                  + "' returned offset "
                  + batchLast
                  + " when asked for ["
                  + position
                  + ", "
                  + endOffset
                  + ")");
        }
        target.restoreBatch(batch);
        restored += batch.size();
        lastOffset = batchLast;
        position = batchLast + 1;
        listener.onBatchRestored(progress(storeName, restored, total, started, lastOffset));
      }
    } finally {
      target.endRestore();
    }
    RestoreProgress done = progress(storeName, restored, total, started, lastOffset);
    listener.onRestoreEnd(done);
    return done;
  }

  private RestoreProgress progress(
      String storeName, long restored, long total, long started, long lastOffset) {
    long elapsed = Math.max(1, nanoClock.getAsLong() - started);
    return new RestoreProgress(storeName, restored, total, restored * 1e9 / elapsed, lastOffset);
  }
}
