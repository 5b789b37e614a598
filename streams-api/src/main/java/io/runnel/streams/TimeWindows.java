package io.runnel.streams;

import java.time.Duration;

/**
 * Fixed-size windows aligned to the epoch: tumbling (each record in exactly one window) or, with
 * {@link #advanceBy}, hopping (windows overlap; a record is in {@code size / advance} of them). A
 * window {@code [start, start + size)} accepts records until the task's stream time reaches {@code
 * start + size + grace}; later records for it are dropped and counted in {@code
 * dropped-records-total}. Immutable.
 */
public final class TimeWindows {
  private final long sizeMs;
  private final long advanceMs;
  private final long graceMs;

  private TimeWindows(long sizeMs, long advanceMs, long graceMs) {
    this.sizeMs = sizeMs;
    this.advanceMs = advanceMs;
    this.graceMs = graceMs;
  }

  /**
   * Tumbling windows of {@code size} that accept out-of-order records for {@code grace} after they
   * end.
   *
   * @throws IllegalArgumentException if size is not positive or grace is negative
   */
  public static TimeWindows ofSizeAndGrace(Duration size, Duration grace) {
    long sizeMs = size.toMillis();
    long graceMs = grace.toMillis();
    if (sizeMs <= 0) {
      throw new IllegalArgumentException("window size must be positive, got " + size);
    }
    if (graceMs < 0) {
      throw new IllegalArgumentException("window grace must not be negative, got " + grace);
    }
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** Tumbling windows of {@code size} that close as soon as stream time reaches their end. */
  public static TimeWindows ofSizeWithNoGrace(Duration size) {
    return ofSizeAndGrace(size, Duration.ZERO);
  }

  /**
   * Hopping windows: the same size and grace, a new window every {@code advance}.
   *
   * @throws IllegalArgumentException unless {@code 0 < advance <= size}
   */
  public TimeWindows advanceBy(Duration advance) {
    long advanceMs = advance.toMillis();
    if (advanceMs <= 0 || advanceMs > sizeMs) {
      throw new IllegalArgumentException(
          "window advance must be in (0, size = " + sizeMs + " ms], got " + advance);
    }
    return new TimeWindows(sizeMs, advanceMs, graceMs);
  }

  /** The window size in milliseconds. */
  public long sizeMs() {
    return sizeMs;
  }

  /** The distance between window starts in milliseconds (the size for tumbling windows). */
  public long advanceMs() {
    return advanceMs;
  }

  /** How long after its end a window still accepts records, in milliseconds. */
  public long graceMs() {
    return graceMs;
  }

  /** The starts of the windows containing {@code timestamp}, ascending. */
  public long[] windowStartsFor(long timestamp) {
    // The first start is the smallest multiple of advance above timestamp - size.
    long first = Math.max(0, timestamp - sizeMs + advanceMs) / advanceMs * advanceMs;
    int count = (int) ((timestamp - first) / advanceMs) + 1;
    long[] starts = new long[count];
    for (int i = 0; i < count; i++) {
      starts[i] = first + i * advanceMs;
    }
    return starts;
  }
}
