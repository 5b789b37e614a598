package io.runnel.state;

import java.time.Duration;

/**
 * How long a window or session store keeps data, and in how many time segments: expiry drops a
 * whole segment, so data lives between {@code retention} and {@code retention + segment interval}
 * of stream time before its storage is reclaimed (fetches hide it after {@code retention}).
 *
 * <p>The segment interval is {@code max(retention / (segments - 1), minSegmentInterval)}.
 *
 * @param retentionMs how long data is kept, in milliseconds of stream time (> 0)
 * @param segments the number of segments the retention is split into (>= 2)
 * @param minSegmentIntervalMs the smallest segment interval (>= 1)
 */
public record Retention(long retentionMs, int segments, long minSegmentIntervalMs) {
  /** Segments by default, as in Kafka Streams. */
  public static final int DEFAULT_SEGMENTS = 3;

  /** The smallest segment interval by default: one minute. */
  public static final long DEFAULT_MIN_SEGMENT_INTERVAL_MS = 60_000;

  /** Validates the arguments. */
  public Retention {
    if (retentionMs <= 0) {
      throw new IllegalArgumentException("retention must be positive, got " + retentionMs + " ms");
    }
    if (segments < 2) {
      throw new IllegalArgumentException("segments must be at least 2, got " + segments);
    }
    if (minSegmentIntervalMs < 1) {
      throw new IllegalArgumentException(
          "minimum segment interval must be positive, got " + minSegmentIntervalMs + " ms");
    }
  }

  /** {@code retention} with the default segments and minimum segment interval. */
  public static Retention of(Duration retention) {
    return new Retention(retention.toMillis(), DEFAULT_SEGMENTS, DEFAULT_MIN_SEGMENT_INTERVAL_MS);
  }

  /** A copy with {@code count} segments. */
  public Retention withSegments(int count) {
    return new Retention(retentionMs, count, minSegmentIntervalMs);
  }

  /** A copy with a different minimum segment interval. */
  public Retention withMinSegmentInterval(Duration interval) {
    return new Retention(retentionMs, segments, interval.toMillis());
  }

  /** The length of one segment in milliseconds. */
  public long segmentIntervalMs() {
    return Math.max(retentionMs / (segments - 1), minSegmentIntervalMs);
  }
}
