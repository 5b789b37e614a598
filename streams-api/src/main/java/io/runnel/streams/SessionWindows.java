package io.runnel.streams;

import java.time.Duration;

/**
 * Session windows: the records of a key that follow each other within the inactivity gap form one
 * session {@code [first timestamp, last timestamp]} (both inclusive); a record that falls within
 * the gap of two sessions merges them. A session accepts records until the task's stream time
 * passes {@code end + gap + grace}; a record that would only create or extend a session closed by
 * then is dropped and counted in {@code dropped-records-total}. Immutable.
 */
public final class SessionWindows {
  private final long gapMs;
  private final long graceMs;

  private SessionWindows(long gapMs, long graceMs) {
    this.gapMs = gapMs;
    this.graceMs = graceMs;
  }

  /**
   * Sessions split by {@code gap} of inactivity, accepting out-of-order records for {@code grace}.
   *
   * @throws IllegalArgumentException if the gap is not positive or the grace is negative
   */
  public static SessionWindows ofInactivityGapAndGrace(Duration gap, Duration grace) {
    if (gap.toMillis() <= 0) {
      throw new IllegalArgumentException("session inactivity gap must be positive, got " + gap);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("session grace must not be negative, got " + grace);
    }
    return new SessionWindows(gap.toMillis(), grace.toMillis());
  }

  /** Sessions split by {@code gap} of inactivity, without grace. */
  public static SessionWindows ofInactivityGapWithNoGrace(Duration gap) {
    return ofInactivityGapAndGrace(gap, Duration.ZERO);
  }

  /** The inactivity gap in milliseconds. */
  public long gapMs() {
    return gapMs;
  }

  /** How long after {@code end + gap} a session still accepts records, in milliseconds. */
  public long graceMs() {
    return graceMs;
  }
}
