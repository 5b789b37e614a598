package io.runnel.streams.log;

import java.util.List;

/**
 * A record read from the log.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp, epoch milliseconds
 * @param key the key bytes, or null
 * @param value the value bytes, or null (a tombstone)
 * @param headers the record's headers in their order, never null (empty when it has none)
 */
public record LogRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    byte[] key,
    byte[] value,
    List<LogHeader> headers) {

  /** A record; {@code headers} null means none. */
  public LogRecord {
    headers = headers == null ? List.of() : List.copyOf(headers);
  }

  /** A record without headers. */
  public LogRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this(topic, partition, offset, timestamp, key, value, List.of());
  }

  /** The record's topic-partition. */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }
}
