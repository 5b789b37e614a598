package io.runnel.state.changelog;

/**
 * Where a changelogged store sends its changes: one partition of the store's compacted changelog
 * topic. streams-api implements it over its Log SPI; tests use an in-memory list.
 *
 * <p>Called only by the task's stream thread.
 */
public interface ChangelogWriter {

  /**
   * Appends a change, asynchronously: it is durable once a later {@link #flush()} returns.
   *
   * @param key the store key bytes (for window and session stores, the store's composite key)
   * @param valueOrNull the new value bytes, or null for a deletion (a tombstone)
   * @param timestamp the change's timestamp, epoch milliseconds
   */
  void send(byte[] key, byte[] valueOrNull, long timestamp);

  /**
   * Waits until every change sent so far is acknowledged by the log.
   *
   * @return the offset of the last acknowledged record of this changelog partition, or -1 if it has
   *     none; this is what the checkpoint stores
   */
  long flush();
}
