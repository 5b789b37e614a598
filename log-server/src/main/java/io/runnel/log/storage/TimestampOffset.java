package io.runnel.log.storage;

/**
 * The answer to a ListOffsets lookup: an offset and the timestamp of the record there, or -1 for
 * the timestamp when the lookup was for the earliest or latest offset.
 */
public record TimestampOffset(long timestamp, long offset) {
  /** ListOffsets' special timestamps (Kafka's values). */
  public static final long LATEST = -1;
  public static final long EARLIEST = -2;
  public static final long MAX_TIMESTAMP = -3;
}
