package io.runnel.state.changelog;

/**
 * Hears about restore progress; for logs and metrics. Called on the restoring thread: keep it
 * quick.
 */
public interface RestoreListener {

  /** A listener that ignores everything. */
  RestoreListener NONE = new RestoreListener() {};

  /**
   * Restore of {@code storeName} begins.
   *
   * @param fromOffset the first offset to read
   * @param endOffset the log end offset captured for this restore (exclusive)
   */
  default void onRestoreStart(String storeName, long fromOffset, long endOffset) {}

  /** A batch was applied. */
  default void onBatchRestored(RestoreProgress progress) {}

  /** Restore finished. */
  default void onRestoreEnd(RestoreProgress progress) {}
}
