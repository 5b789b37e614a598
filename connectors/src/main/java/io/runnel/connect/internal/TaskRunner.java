package io.runnel.connect.internal;

import io.runnel.connect.RetriableException;
import io.runnel.connect.TaskStatus;
import io.runnel.streams.log.LogException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on its own thread until {@link #stop}: the loop lives in {@link #runTask}, and an
 * exception out of it fails the task (its status keeps the error) without touching other tasks.
 *
 * <p>Retries: a task's own {@link RetriableException} (from poll or put) is retried until the task
 * is stopped, as Kafka Connect does; failures of the log ({@link LogException} on send, flush or
 * commit) and retriable failures of converters and transforms are retried for {@code
 * errors.retry.timeout.ms} (see {@link #retrying(String, long, Predicate, Supplier)}).
 *
 * <p>Threading: {@link #run} runs on the task's thread; {@link #stop}, {@link #status} and the
 * counters may be called from any thread.
 */
public abstract class TaskRunner implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private static final long FIRST_RETRY_DELAY_MS = 100;

  private final String connector;
  private final int task;
  private final long retryDelayMaxMs;
  private volatile boolean stopping;
  private volatile TaskStatus.State state = TaskStatus.State.RUNNING;
  private volatile String lastError;

  /**
   * A runner of task {@code task} of {@code connector}; retriable failures are retried with a delay
   * doubling from 100 ms up to {@code retryDelayMaxMs}.
   */
  protected TaskRunner(String connector, int task, long retryDelayMaxMs) {
    this.connector = connector;
    this.task = task;
    this.retryDelayMaxMs = retryDelayMaxMs;
  }

  /** The connector's name. */
  public String connector() {
    return connector;
  }

  /** The task number. */
  public int task() {
    return task;
  }

  /** A name for logs and thread names: {@code <connector>-<task>}. */
  public String id() {
    return connector + "-" + task;
  }

  /** True once {@link #stop} was called; the loop checks it between iterations. */
  protected boolean stopping() {
    return stopping;
  }

  /** Asks the loop to end after its current iteration. */
  public void stop() {
    stopping = true;
  }

  /** The task's state and last error. */
  public TaskStatus status() {
    return new TaskStatus(connector, task, state, lastError);
  }

  /** Records skipped because {@code errors.tolerance=all} (dead-lettered ones included). */
  public long skippedRecords() {
    RecordErrorHandler errors = errors();
    return errors == null ? 0 : errors.skipped();
  }

  /** Records written to the dead-letter topic. */
  public long deadLetteredRecords() {
    RecordErrorHandler errors = errors();
    return errors == null ? 0 : errors.deadLettered();
  }

  /** The task's error handler, or null before it exists. */
  protected abstract RecordErrorHandler errors();

  @Override
  public final void run() {
    try {
      runTask();
      state = TaskStatus.State.STOPPED;
      LOG.info(
          "task {} stopped; {} failed records skipped, {} of them dead-lettered",
          id(),
          skippedRecords(),
          deadLetteredRecords());
    } catch (RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      lastError = trace.toString();
      state = TaskStatus.State.FAILED;
      LOG.error("task {} failed; it stays stopped until its connector is restarted", id(), e);
    }
  }

  /** Starts the task, moves data until {@link #stopping()}, then commits and stops the task. */
  protected abstract void runTask();

  /**
   * Runs {@code call}, repeating it while it throws a {@link RetriableException}, with a growing
   * delay between attempts.
   *
   * @return its result, or empty if the task was stopped before an attempt succeeded
   */
  protected <T> Optional<T> retrying(String what, Supplier<T> call) {
    return retrying(what, -1, e -> e instanceof RetriableException, call);
  }

  /**
   * Runs {@code call}, repeating it while it throws an exception that {@code retriable} accepts,
   * with a delay doubling from 100 ms up to {@code errors.retry.delay.max.ms}, for at most {@code
   * timeoutMs} ({@code -1}: until stopped; {@code 0}: no retry). The exception that ends the retries
   * is thrown.
   *
   * @return its result, or empty if the task was stopped before an attempt succeeded
   */
  protected <T> Optional<T> retrying(
      String what, long timeoutMs, Predicate<RuntimeException> retriable, Supplier<T> call) {
    long delay = FIRST_RETRY_DELAY_MS;
    long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
    int failures = 0;
    while (true) {
      try {
        T result = call.get();
        if (failures > 0) {
          LOG.info("task {}: {} succeeded after {} retries", id(), what, failures);
        }
        return Optional.of(result);
      } catch (RuntimeException e) {
        if (!retriable.test(e) || System.currentTimeMillis() + delay > deadline) {
          throw e;
        }
        failures++;
        // One line per retry, not per record: a database that is down for a minute logs ~10.
        LOG.warn("task {}: {} failed, retrying in {} ms: {}", id(), what, delay, e.getMessage());
        idle(delay);
        if (stopping) {
          return Optional.empty();
        }
        delay = Math.min(delay * 2, retryDelayMaxMs);
      }
    }
  }

  /**
   * Runs a per-record step, retrying a {@link RetriableException} for {@code retryTimeoutMs} (the
   * task's {@code errors.retry.timeout.ms}; 0: no retry). Returns null if stopped while retrying,
   * else the result (empty for null).
   */
  protected <T> Optional<T> attempt(long retryTimeoutMs, String what, Supplier<T> call) {
    if (retryTimeoutMs == 0) {
      return Optional.ofNullable(call.get());
    }
    Optional<Optional<T>> result =
        retrying(
            what,
            retryTimeoutMs,
            e -> e instanceof RetriableException,
            () -> Optional.ofNullable(call.get()));
    return result.orElse(null);
  }

  /** True if {@code e} is, or was caused by, a failure of the log (a {@link LogException}). */
  protected static boolean logFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LogException) {
        return true;
      }
    }
    return false;
  }

  /** Sleeps up to {@code millis}, returning early when stopped. */
  protected void idle(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (!stopping && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(Math.min(10, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
  }
}
