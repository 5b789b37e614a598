package io.runnel.log.group;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: the coordinator's only source of timeouts (session, rebalance,
 * pending member, pending sync). The coordinator never sleeps and never polls; each task re-checks
 * the clock and the state when it runs, so an early, late or stale run is harmless.
 *
 * <p>Implementations must be thread-safe. Tests use a manual one that runs due tasks when the test
 * moves its clock.
 */
@FunctionalInterface
public interface GroupTimer {

  /** A scheduled task that can be called off; cancelling a task that has run does nothing. */
  @FunctionalInterface
  interface Scheduled {
    void cancel();
  }

  /** Runs {@code task} once, on any thread, after about {@code delayMs} milliseconds. */
  Scheduled schedule(long delayMs, Runnable task);

  /**
   * A timer over {@code executor}, which the caller owns (and shuts down after closing the
   * coordinator). Tasks offered after the executor shut down are dropped.
   */
  static GroupTimer of(ScheduledExecutorService executor) {
    return (delayMs, task) -> {
      try {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException e) {
        return () -> { };
      }
    };
  }
}
