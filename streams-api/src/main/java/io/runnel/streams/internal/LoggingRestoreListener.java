package io.runnel.streams.internal;

import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs restore progress at INFO (a restore that has records to read: when it starts, then at most
 * every {@value #INTERVAL_MS} ms: store, records restored of total, rate) and passes every event on
 * to the user's listener. The end of each store's restore is logged by its task.
 *
 * <p>Not thread-safe: one per stream thread, called on it.
 */
final class LoggingRestoreListener implements RestoreListener {
  static final long INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(LoggingRestoreListener.class);

  private final String threadName;
  private final RestoreListener user;
  private long lastLogNanos;

  LoggingRestoreListener(String threadName, RestoreListener user) {
    this.threadName = threadName;
    this.user = user;
  }

  @Override
  public void onRestoreStart(String storeName, long fromOffset, long endOffset) {
    lastLogNanos = System.nanoTime();
    if (endOffset > fromOffset) {
      LOG.info(
          "{}: restoring state store '{}' from offset {} to {} (up to {} records)",
          threadName,
          storeName,
          fromOffset,
          endOffset,
          endOffset - fromOffset);
    }
    user.onRestoreStart(storeName, fromOffset, endOffset);
  }

  @Override
  public void onBatchRestored(RestoreProgress progress) {
    long now = System.nanoTime();
    if (now - lastLogNanos >= INTERVAL_MS * 1_000_000) {
      lastLogNanos = now;
      LOG.info(
          "{}: restoring state store '{}': {} of {} records, {} records/s",
          threadName,
          progress.storeName(),
          progress.restored(),
          progress.total(),
          Math.round(progress.recordsPerSecond()));
    }
    user.onBatchRestored(progress);
  }

  @Override
  public void onRestoreEnd(RestoreProgress progress) {
    user.onRestoreEnd(progress);
  }
}
