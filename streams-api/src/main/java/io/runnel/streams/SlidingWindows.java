package io.runnel.streams;

import java.time.Duration;

/**
 * Sliding windows: windows {@code [start, start + difference]} (both inclusive) that move with the
 * records rather than the clock. Each record at {@code t} has a window ending at it, {@code [t -
 * difference, t]} ({@code [0, difference]} near the epoch), and one starting just after it, {@code
 * [t + 1, t + 1 + difference]}, if that one holds records; a key's table has exactly those windows,
 * each aggregating the records within it. A record is late, dropped and counted in {@code
 * dropped-records-total}, once stream time has passed {@code t + grace} (its own window has
 * closed); windows close when stream time passes their end plus the grace. Immutable.
 */
public final class SlidingWindows {
  private final long differenceMs;
  private final long graceMs;

  private SlidingWindows(long differenceMs, long graceMs) {
    this.differenceMs = differenceMs;
    this.graceMs = graceMs;
  }

  /**
   * Windows spanning {@code difference}, accepting out-of-order records for {@code grace}.
   *
   * @throws IllegalArgumentException if the difference is not positive or the grace is negative
   */
  public static SlidingWindows ofTimeDifferenceAndGrace(Duration difference, Duration grace) {
    if (difference.toMillis() <= 0) {
      throw new IllegalArgumentException(
          "sliding window time difference must be positive, got " + difference);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("sliding window grace must not be negative, got " + grace);
    }
    return new SlidingWindows(difference.toMillis(), grace.toMillis());
  }

  /** Windows spanning {@code difference}, without grace. */
  public static SlidingWindows ofTimeDifferenceWithNoGrace(Duration difference) {
    return ofTimeDifferenceAndGrace(difference, Duration.ZERO);
  }

  /** The span of a window (end minus start) in milliseconds. */
  public long differenceMs() {
    return differenceMs;
  }

  /** How long after its end a window still accepts records, in milliseconds. */
  public long graceMs() {
    return graceMs;
  }
}
