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

  /** Records skipped because an error handler said to continue past them. */
  public static final String SKIPPED_RECORDS_TOTAL = "skipped-records-total";

  /** Records restored from changelogs into this thread's stores since it started. */
  public static final String RESTORED_RECORDS_TOTAL = "restored-records-total";

  private final LongAdder restoredRecords = new LongAdder();
  private final LongAdder droppedRecords = new LongAdder();
  private final LongAdder skippedRecords = new LongAdder();

  /** Counts one record skipped by an error handler. */
  public void recordSkipped() {
    skippedRecords.increment();
  }

  /** Counts {@code records} restored from changelogs. */
  public void recordRestored(long records) {
    restoredRecords.add(records);
  }

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
    return Map.of(
        DROPPED_RECORDS_TOTAL,
        droppedRecords(),
        SKIPPED_RECORDS_TOTAL,
        skippedRecords.sum(),
        RESTORED_RECORDS_TOTAL,
        restoredRecords.sum());
  }
}
