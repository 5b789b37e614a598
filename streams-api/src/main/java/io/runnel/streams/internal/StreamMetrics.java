package io.runnel.streams.internal;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one stream thread. Metric names follow Kafka Streams where one exists.
 *
 * <p>Thread-safe: the stream thread counts, any thread reads.
 */
public final class StreamMetrics {
  /** Records a windowed operation dropped because every window they fall in had closed. */
  public static final String DROPPED_RECORDS_TOTAL = "dropped-records-total";

  private final LongAdder droppedRecords = new LongAdder();

  /** Counts one dropped record. */
  public void recordDropped() {
    droppedRecords.increment();
  }

  /** The number of dropped records so far. */
  public long droppedRecords() {
    return droppedRecords.sum();
  }

  /** Every counter by metric name. */
  public Map<String, Long> snapshot() {
    return Map.of(DROPPED_RECORDS_TOTAL, droppedRecords());
  }
}
