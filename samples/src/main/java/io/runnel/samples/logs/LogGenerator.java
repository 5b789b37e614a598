package io.runnel.samples.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes realistic access and application logs of three made-up services ({@code checkout},
 * {@code search}, {@code payments}) into {@code <dir>/<service>-access.log} and {@code
 * <dir>/<service>-app.log}, as the services of a small shop would: each with its own request rate,
 * latency distribution and error rate, with now and then an incident (payments' card gateway slows
 * down and fails). Files are rotated to {@code .1} when they pass {@code rotateBytes}, as logrotate
 * does.
 *
 * <p>{@link #writeSecond} writes one second of traffic; the caller decides the pace (live, one second
 * per second, or a backfill of past minutes at full speed). It keeps a tally of what it wrote per
 * service and minute, which tests compare with the pipeline's output.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class LogGenerator {
  /** The services and their traffic: requests per second, median latency, error rate. */
  record Service(String name, int requestsPerSecond, double medianMs, double errorRate, String[] paths) {}

  static final List<Service> SERVICES =
      List.of(
          new Service("checkout", 6, 80, 0.01,
              new String[] {"POST /cart/items", "GET /cart", "POST /checkout", "DELETE /cart/items/42"}),
          new Service("search", 15, 30, 0.002,
              new String[] {"GET /search?q=lamp", "GET /search?q=desk", "GET /suggest?q=ch", "GET /search?q=chair"}),
          new Service("payments", 3, 140, 0.02,
              new String[] {"POST /payments", "POST /refunds", "GET /payments/7781"}));

  /** What was written for one service in one minute. */
  public record Tally(long requests, long serverErrors, long loggedErrors, List<Long> latencies) {}

  private final Path dir;
  private final Random random;
  private final long rotateBytes;
  private final Map<String, Tally> tally = new HashMap<>();
  private final boolean keepTally;
  private long lines;

  /**
   * @param dir where the log files go (created if missing)
   * @param seed the random seed (the same seed writes the same lines for the same seconds)
   * @param rotateBytes the size past which a file is rotated to {@code .1}
   * @param keepTally whether to keep {@link #tally()} (every latency; for tests, not for long runs)
   */
  public LogGenerator(Path dir, long seed, long rotateBytes, boolean keepTally) {
    this.keepTally = keepTally;
    this.dir = dir;
    this.random = new Random(seed);
    this.rotateBytes = rotateBytes;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log directory " + dir, e);
    }
  }

  /** The glob matching every file this generator writes. */
  public String glob() {
    return dir.toAbsolutePath().resolve("*.log").toString();
  }

  /** Lines written so far. */
  public long lines() {
    return lines;
  }

  /** What was written per {@code service@minute} (minute as in {@link StatsRow#minute()}). */
  public Map<String, Tally> tally() {
    return Map.copyOf(tally);
  }

  /** Writes the traffic of the second starting at {@code second} (epoch ms) for every service. */
  public void writeSecond(long second) {
    for (Service s : SERVICES) {
      boolean incident = s.name().equals("payments") && (second / 60_000) % 7 == 3;
      StringBuilder access = new StringBuilder();
      StringBuilder app = new StringBuilder();
      int n = s.requestsPerSecond() + random.nextInt(s.requestsPerSecond() + 1) - s.requestsPerSecond() / 2;
      for (int i = 0; i < n; i++) {
        long at = second + (1000L * i) / Math.max(1, n);
        double median = incident ? s.medianMs() * 4 : s.medianMs();
        long latency = Math.max(1, Math.round(median * Math.exp(0.6 * random.nextGaussian())));
        boolean failed = random.nextDouble() < (incident ? 0.15 : s.errorRate());
        int status = failed ? (random.nextBoolean() ? 500 : 503) : okStatus(s, i);
        String path = s.paths()[random.nextInt(s.paths().length)];
        access.append(
            String.format(
                Locale.ROOT,
                "10.1.%d.%d - - [%s] \"%s HTTP/1.1\" %d %d \"-\" \"%s\" rt=%.3f%n",
                random.nextInt(8),
                2 + random.nextInt(250),
                Instant.ofEpochMilli(at).truncatedTo(ChronoUnit.SECONDS),
                path,
                status,
                200 + random.nextInt(8000),
                random.nextInt(4) == 0 ? "curl/8.5.0" : "Mozilla/5.0 (X11; Linux x86_64)",
                latency / 1000.0));
        boolean loggedError = failed && random.nextInt(3) > 0;
        if (loggedError) {
          app.append(appLine(at, "ERROR", s.name(), errorMessage(s, incident)));
        } else if (latency > median * 3) {
          app.append(appLine(at, "WARN", s.name(), "slow request " + path + " took " + latency + " ms"));
        } else if (random.nextInt(5) == 0) {
          app.append(appLine(at, "INFO", s.name(), "handled " + path + " in " + latency + " ms"));
        }
        record(s.name(), at, latency, status >= 500, loggedError);
        lines++;
      }
      lines += app.chars().filter(c -> c == '\n').count();
      append(dir.resolve(s.name() + "-access.log"), access);
      append(dir.resolve(s.name() + "-app.log"), app);
    }
  }

  private int okStatus(Service s, int i) {
    if (s.name().equals("checkout") && i % 5 == 0) {
      return 201;
    }
    return random.nextInt(40) == 0 ? 404 : 200;
  }

  private String errorMessage(Service s, boolean incident) {
    switch (s.name()) {
      case "payments":
        return incident
            ? "CardGateway - timeout after 2000 ms calling acquirer order=" + (1000 + random.nextInt(9000))
            : "CardGateway - card declined: do not honor order=" + (1000 + random.nextInt(9000));
      case "checkout":
        return "CartService - inventory lookup failed: connection reset sku=" + (100 + random.nextInt(900));
      default:
        return "SearchIndex - query failed: shard 3 unavailable";
    }
  }

  private static String appLine(long at, String level, String service, String message) {
    return Instant.ofEpochMilli(at) + " " + level + " [" + service + "] " + message + "\n";
  }

  private void record(String service, long at, long latency, boolean serverError, boolean loggedError) {
    if (!keepTally) {
      return;
    }
    String key = service + "@" + LogAggregation.minute(at);
    Tally t = tally.get(key);
    List<Long> latencies = new ArrayList<>(t == null ? List.of() : t.latencies());
    latencies.add(latency);
    tally.put(
        key,
        new Tally(
            (t == null ? 0 : t.requests()) + 1,
            (t == null ? 0 : t.serverErrors()) + (serverError ? 1 : 0),
            (t == null ? 0 : t.loggedErrors()) + (loggedError ? 1 : 0),
            latencies));
  }

  private void append(Path file, CharSequence text) {
    if (text.length() == 0) {
      return;
    }
    try {
      if (Files.exists(file) && Files.size(file) > rotateBytes) {
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      try (Writer w =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        w.append(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log file " + file, e);
    }
  }
}
