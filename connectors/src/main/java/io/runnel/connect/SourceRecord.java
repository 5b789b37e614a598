package io.runnel.connect;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record a {@link SourceTask} read from outside, to be written to {@code topic}.
 *
 * <p>{@code sourcePartition} names where it came from (for example {@code {"file": "/var/log/a"}})
 * and {@code sourceOffset} how far that source had been read once this record is written (for
 * example {@code {"position": 4096}}); the runtime stores the latest offset per source partition in
 * the log after the record is acknowledged, and hands it back through {@link
 * SourceTaskContext#offset} on restart. Both maps hold JSON-friendly values (strings, numbers,
 * booleans).
 *
 * @param sourcePartition where the record came from; never null
 * @param sourceOffset the source's position after this record; never null
 * @param topic the topic to write to
 * @param key the key (converted by the worker's key converter), or null
 * @param value the value (converted by the value converter), or null
 * @param headers the record's headers; never null
 * @param timestamp epoch milliseconds, or null for "now"
 */
public record SourceRecord(
    Map<String, ?> sourcePartition,
    Map<String, ?> sourceOffset,
    String topic,
    Object key,
    Object value,
    List<Header> headers,
    Long timestamp)
    implements ConnectRecord<SourceRecord> {

  /** Checks and copies the fields. */
  public SourceRecord {
    sourcePartition = Map.copyOf(Objects.requireNonNull(sourcePartition, "sourcePartition"));
    sourceOffset = Map.copyOf(Objects.requireNonNull(sourceOffset, "sourceOffset"));
    Objects.requireNonNull(topic, "topic");
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /** Always null: a source record has no partition until it is written. */
  @Override
  public Integer kafkaPartition() {
    return null;
  }

  @Override
  public SourceRecord newRecord(
      String topic, Object key, Object value, List<Header> headers, Long timestamp) {
    return new SourceRecord(
        sourcePartition, sourceOffset, topic, key, value, headers, timestamp);
  }
}
