package io.runnel.samples.support;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running sample: its periodic jobs (a simulated shop, a printer of top words, ...) and the parts
 * it opened (streams apps, workers, producers), closed in reverse order by {@link #close()}, which
 * is what {@code Sample.start} returns.
 *
 * <p>Thread-safe. Jobs run one at a time on one daemon thread named after the sample, so a job
 * needs no locking against the other jobs; a job that throws prints the error to the sample's
 * output and is not run again.
 */
public final class SampleRun implements AutoCloseable {
  private final String name;
  private final PrintStream out;
  private final ScheduledExecutorService jobs;
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private boolean closed;

  /** A run of the sample {@code name} that reports job errors to {@code out}. */
  public SampleRun(String name, PrintStream out) {
    this.name = name;
    this.out = out;
    AtomicInteger threads = new AtomicInteger();
    this.jobs =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-jobs-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Keeps {@code part} to close when the run closes (after the parts added after it). */
  public synchronized <T extends AutoCloseable> T add(T part) {
    if (closed) {
      throw new IllegalStateException("sample " + name + " is closed");
    }
    parts.push(part);
    return part;
  }

  /** Runs {@code job} every {@code intervalMs}, the first time right away. */
  public void every(long intervalMs, String what, Runnable job) {
    jobs.scheduleWithFixedDelay(guarded(what, job), 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code job} once on the jobs thread. */
  public void once(String what, Runnable job) {
    jobs.execute(guarded(what, job));
  }

  private Runnable guarded(String what, Runnable job) {
    return () -> {
      try {
        job.run();
      } catch (RuntimeException e) {
        out.println("[" + name + "] " + what + " stopped: " + e);
        throw e;
      }
    };
  }

  /** Stops the jobs (waiting for a running one to finish), then closes the parts, newest first. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    jobs.shutdown(); // a running job finishes; periodic ones are not run again
    Exception first = null;
    try {
      jobs.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      first = e;
    }
    while (true) {
      AutoCloseable part;
      synchronized (this) {
        part = parts.poll();
      }
      if (part == null) {
        break;
      }
      try {
        part.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first instanceof RuntimeException) {
      throw (RuntimeException) first;
    }
    if (first != null) {
      throw new IllegalStateException("cannot stop sample " + name + " cleanly: " + first, first);
    }
  }

  /**
   * Closes the run after {@code start} failed with {@code cause}, adding any error of closing to
   * it; returns {@code cause} to rethrow.
   */
  public <T extends Throwable> T abort(T cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    return cause;
  }

  /**
   * The option {@code key} as a positive int, {@code defaultValue} if unset.
   *
   * @throws IllegalArgumentException naming the option if it is not a positive number
   */
  public static int positiveInt(Map<String, String> options, String key, int defaultValue) {
    long value = positiveLong(options, key, defaultValue);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  /**
   * The option {@code key} as a positive long, {@code defaultValue} if unset.
   *
   * @throws IllegalArgumentException naming the option if it is not a positive number
   */
  public static long positiveLong(Map<String, String> options, String key, long defaultValue) {
    return longAtLeast(options, key, defaultValue, 1);
  }

  /**
   * The option {@code key} as a long of at least {@code min}, {@code defaultValue} if unset.
   *
   * @throws IllegalArgumentException naming the option if it is not such a number
   */
  public static long longAtLeast(
      Map<String, String> options, String key, long defaultValue, long min) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String kind =
        min == 1 ? "a positive number" : min == 0 ? "a number >= 0" : "a number >= " + min;
    throw new IllegalArgumentException(
        "option '"
            + key
            + "' must be "
            + kind
            + ", got '"
            + text
            + "'; e.g. --option "
            + key
            + "="
            + (defaultValue == Long.MAX_VALUE ? min : defaultValue));
  }
}
