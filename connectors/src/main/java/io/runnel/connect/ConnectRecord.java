package io.runnel.connect;

import java.util.List;

/**
 * What {@link SourceRecord} and {@link SinkRecord} have in common, so that one {@link
 * io.runnel.connect.transforms.Transformation} works on both (as Kafka Connect's {@code
 * ConnectRecord}). Implementations are immutable.
 *
 * @param <R> the record type, returned by {@link #newRecord}
 */
public interface ConnectRecord<R extends ConnectRecord<R>> {
  /** The topic the record goes to (source) or came from (sink). */
  String topic();

  /** The partition of a record read from the log, or null for a source record not yet written. */
  Integer kafkaPartition();

  /** The key: before conversion for a source record, after it for a sink record; or null. */
  Object key();

  /** The value: before conversion for a source record, after it for a sink record; or null. */
  Object value();

  /** The headers, in order; never null. */
  List<Header> headers();

  /** Epoch milliseconds, or null (a source record that the runtime stamps when it sends it). */
  Long timestamp();

  /**
   * A copy with these fields and everything else (source partition and offset, or partition and
   * offset in the log) of this record.
   */
  R newRecord(String topic, Object key, Object value, List<Header> headers, Long timestamp);
}
