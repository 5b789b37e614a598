package io.runnel.streams.log;

/**
 * A record read from the log.
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp, epoch milliseconds
 * @param key the key bytes, or null
 * @param value the value bytes, or null (a tombstone)
 */
public record LogRecord(
    String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

  /** The record's topic-partition. */
  public TopicPartition topicPartition() {
    return new TopicPartition(topic, partition);
  }
}
