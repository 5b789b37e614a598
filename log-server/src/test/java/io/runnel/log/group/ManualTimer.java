package io.runnel.log.group;

import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;

/**
 * A clock and a timer the test moves by hand: {@link #advance} runs every task that falls due, in
 * due order, on the test's thread, with the clock at the task's due time. Deterministic.
 */
final class ManualTimer implements GroupTimer, InstantSource {
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long sequence;

  private static final class Task implements Comparable<Task> {
    final long due;
    final long sequence;
    final Runnable action;
    volatile boolean cancelled;

    Task(long due, long sequence, Runnable action) {
      this.due = due;
      this.sequence = sequence;
      this.action = action;
    }

    @Override
    public int compareTo(Task o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(sequence, o.sequence);
    }
  }

  ManualTimer(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized Scheduled schedule(long delayMs, Runnable action) {
    Task task = new Task(now + Math.max(0, delayMs), sequence++, action);
    tasks.add(task);
    return () -> task.cancelled = true;
  }

  /** Moves the clock by {@code ms}, running the tasks that fall due on the way. */
  void advance(long ms) {
    long target;
    synchronized (this) {
      target = now + ms;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      if (!next.cancelled) {
        next.action.run();
      }
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public synchronized long millis() {
    return now;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
