package io.runnel.connect;

import java.util.List;

/**
 * A record read from the log and handed to a {@link SinkTask}, with its key and value converted by
 * the worker's converters.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param key the converted key, or null
 * @param value the converted value, or null
 * @param headers its headers (empty while the Log SPI carries none)
 * @param timestamp epoch milliseconds
 */
public record SinkRecord(
    String topic,
    int partition,
    long offset,
    Object key,
    Object value,
    List<Header> headers,
    long timestamp) {
  /** Copies the headers. */
  public SinkRecord {
    headers = List.copyOf(headers);
  }
}
