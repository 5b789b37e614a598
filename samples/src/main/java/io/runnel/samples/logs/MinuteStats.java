package io.runnel.samples.logs;

import java.util.Arrays;

/**
 * The running aggregate of one service in one minute: requests, server errors, logged errors and a
 * latency histogram for the percentiles. Immutable: {@link #add} returns a new value, as the state
 * store keeps the previous one until the cache writes down.
 *
 * <p>The histogram has logarithmic buckets: bucket {@code i} holds latencies in {@code
 * [1.1^(i-1), 1.1^i)} ms (bucket 0 holds 0 ms), so a percentile is within 10% of the exact value.
 *
 * @param requests access-log lines
 * @param serverErrors requests answered with HTTP 5xx
 * @param loggedErrors application-log lines at ERROR
 * @param buckets the latency histogram's counts
 */
public record MinuteStats(long requests, long serverErrors, long loggedErrors, long[] buckets) {
  private static final double GROWTH = 1.1;
  private static final int BUCKETS = 130; // 1.1^129 ms is over 3 days

  /** Nothing counted yet. */
  public static MinuteStats empty() {
    return new MinuteStats(0, 0, 0, new long[BUCKETS]);
  }

  /** This aggregate with {@code event} counted. */
  public MinuteStats add(LogEvent event) {
    if (!event.request()) {
      return event.loggedError()
          ? new MinuteStats(requests, serverErrors, loggedErrors + 1, buckets)
          : this;
    }
    long[] next = Arrays.copyOf(buckets, BUCKETS);
    next[bucket(event.latencyMs())]++;
    return new MinuteStats(
        requests + 1, serverErrors + (event.serverError() ? 1 : 0), loggedErrors, next);
  }

  /**
   * The latency in ms below which {@code fraction} of the requests fall (the upper edge of the
   * bucket holding that rank), or 0 when there were no requests.
   */
  public long percentile(double fraction) {
    if (requests == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(fraction * requests);
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank) {
        return i == 0 ? 0 : (long) Math.ceil(Math.pow(GROWTH, i));
      }
    }
    return (long) Math.ceil(Math.pow(GROWTH, BUCKETS - 1));
  }

  static int bucket(long latencyMs) {
    if (latencyMs <= 0) {
      return 0;
    }
    int i = (int) Math.floor(Math.log(latencyMs) / Math.log(GROWTH)) + 1;
    return Math.min(i, BUCKETS - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinuteStats other
        && requests == other.requests
        && serverErrors == other.serverErrors
        && loggedErrors == other.loggedErrors
        && Arrays.equals(buckets, other.buckets);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(buckets) * 31 + Long.hashCode(requests);
  }

  @Override
  public String toString() {
    return "MinuteStats[requests=" + requests + ", serverErrors=" + serverErrors
        + ", loggedErrors=" + loggedErrors + ", p95=" + percentile(0.95) + "ms]";
  }
}
