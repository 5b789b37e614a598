package io.runnel.streams;

import java.time.Duration;

/**
 * Which records of two streams join: those with the same key whose timestamps differ by at most the
 * time difference. A record at {@code t} can match records in {@code [t - difference, t +
 * difference]}; it is late, dropped and counted in {@code dropped-records-total}, once the task's
 * stream time has passed {@code t + difference + grace}. In a left or outer join a record that
 * found no match is emitted joined with null once no record still accepted could match it: when
 * stream time passes {@code t + 2 * difference + grace}. Immutable.
 */
public final class JoinWindows {
  private final long differenceMs;
  private final long graceMs;

  private JoinWindows(long differenceMs, long graceMs) {
    this.differenceMs = differenceMs;
    this.graceMs = graceMs;
  }

  /**
   * Records at most {@code difference} apart join; out-of-order records are accepted for {@code
   * grace}.
   *
   * @throws IllegalArgumentException if either is negative
   */
  public static JoinWindows ofTimeDifferenceAndGrace(Duration difference, Duration grace) {
    if (difference.isNegative()) {
      throw new IllegalArgumentException(
          "join time difference must not be negative, got " + difference);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("join grace must not be negative, got " + grace);
    }
    return new JoinWindows(difference.toMillis(), grace.toMillis());
  }

  /** Records at most {@code difference} apart join; no grace for out-of-order records. */
  public static JoinWindows ofTimeDifferenceWithNoGrace(Duration difference) {
    return ofTimeDifferenceAndGrace(difference, Duration.ZERO);
  }

  /** The largest timestamp difference of joining records, in milliseconds. */
  public long differenceMs() {
    return differenceMs;
  }

  /** How long after its window a record is still accepted, in milliseconds. */
  public long graceMs() {
    return graceMs;
  }
}
