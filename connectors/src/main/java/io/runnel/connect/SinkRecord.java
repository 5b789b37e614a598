package io.runnel.connect;

import java.util.List;
import java.util.Objects;

/**
 * A record read from the log and handed to a {@link SinkTask}, with its key and value converted by
 * the connector's converters and its headers as the log record carried them (values as UTF-8
 * text).
 *
 * @param topic the topic it was read from (or the one a transform routed it to)
 * @param partition its partition
 * @param offset its offset in the partition
 * @param key the converted key, or null
 * @param value the converted value, or null
 * @param headers its headers, in order
 * @param timestamp epoch milliseconds; never null
 */
public record SinkRecord(
    String topic,
    int partition,
    long offset,
    Object key,
    Object value,
    List<Header> headers,
    Long timestamp)
    implements ConnectRecord<SinkRecord> {
  /** Checks the fields and copies the headers. */
  public SinkRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    headers = List.copyOf(headers);
  }

  @Override
  public Integer kafkaPartition() {
    return partition;
  }

  @Override
  public SinkRecord newRecord(
      String topic, Object key, Object value, List<Header> headers, Long timestamp) {
    return new SinkRecord(topic, partition, offset, key, value, headers, timestamp);
  }
}
