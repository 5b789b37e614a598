package io.runnel.streams.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Appends keyed records to partitions, asynchronously.
 *
 * <p>Records sent to one partition are appended in send order. Safe to call from any thread, but
 * the runtime uses one producer per stream thread.
 */
public interface LogProducer extends AutoCloseable {

  /**
   * Sends a record to one partition.
   *
   * @param partition the partition, usually {@link KeyPartitioner#partition} of the key
   * @param key the key bytes, or null
   * @param value the value bytes, or null (a tombstone)
   * @param timestamp epoch milliseconds
   * @return completes with the record's offset once the log acknowledged it, or exceptionally with
   *     a {@link LogException} naming the partition
   */
  default CompletableFuture<Long> send(
      TopicPartition partition, byte[] key, byte[] value, long timestamp) {
    return send(partition, key, value, timestamp, List.of());
  }

  /**
   * Sends a record with headers to one partition.
   *
   * @param headers the record's headers, kept in order; empty for none
   * @return as {@link #send(TopicPartition, byte[], byte[], long)}
   */
  CompletableFuture<Long> send(
      TopicPartition partition, byte[] key, byte[] value, long timestamp, List<LogHeader> headers);

  /**
   * Blocks until every record sent so far is acknowledged or failed.
   *
   * @throws LogException if the log cannot be reached
   */
  void flush();

  /** Flushes and releases the producer. */
  @Override
  void close();
}
