package io.runnel.samples.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A {@link LogGenerator} writing one second of traffic per second on its own thread, after a
 * backfill of the recent past when the directory has no logs yet (a first run).
 *
 * <p>Thread-safe: {@link #lines} may be read from any thread.
 */
public final class LiveLogs implements AutoCloseable {
  private static final long ROTATE_BYTES = 8L << 20;

  private final LogGenerator generator;
  private final Thread thread;
  private volatile long lines;

  private LiveLogs(LogGenerator generator) {
    this.generator = generator;
    this.thread = new Thread(this::run, "log-generator");
    thread.setDaemon(true);
  }

  /** Starts writing into {@code dir}; backfills {@code backfill} of history on a first run. */
  public static LiveLogs start(Path dir, Duration backfill) {
    boolean firstRun;
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        firstRun = files.findAny().isEmpty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the log directory " + dir, e);
    }
    LiveLogs logs = new LiveLogs(new LogGenerator(dir, System.nanoTime(), ROTATE_BYTES, false));
    if (firstRun) {
      long now = System.currentTimeMillis() / 1000 * 1000;
      for (long second = now - backfill.toMillis(); second < now; second += 1000) {
        logs.generator.writeSecond(second);
      }
      logs.lines = logs.generator.lines();
    }
    logs.thread.start();
    return logs;
  }

  private void run() {
    long next = System.currentTimeMillis() / 1000 * 1000;
    while (!Thread.currentThread().isInterrupted()) {
      generator.writeSecond(next);
      lines = generator.lines();
      next += 1000;
      long wait = next - System.currentTimeMillis();
      if (wait > 0) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** The glob matching the files written. */
  public String glob() {
    return generator.glob();
  }

  /** Lines written so far. */
  public long lines() {
    return lines;
  }

  /** Stops writing. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
