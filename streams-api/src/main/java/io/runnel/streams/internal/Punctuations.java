package io.runnel.streams.internal;

import io.runnel.streams.processor.Cancellable;
import io.runnel.streams.processor.PunctuationType;
import io.runnel.streams.processor.Punctuator;
import java.util.ArrayList;
import java.util.List;

/**
 * The punctuators scheduled by a task's processors, on stream time and on wall-clock time. A
 * schedule is due at a time; when its clock reaches that time it fires once with the clock's time,
 * and the next due time is one interval later (or one interval after the clock, if the clock jumped
 * past it, so a jump fires once rather than once per missed interval). A stream-time schedule made
 * before the task's first record is due at the first record.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class Punctuations {
  private static final long AT_FIRST_RECORD = Long.MIN_VALUE;

  private final class Schedule implements Cancellable {
    final PunctuationType type;
    final long intervalMs;
    final Punctuator punctuator;
    long due;
    boolean cancelled;

    Schedule(PunctuationType type, long intervalMs, Punctuator punctuator, long due) {
      this.type = type;
      this.intervalMs = intervalMs;
      this.punctuator = punctuator;
      this.due = due;
    }

    @Override
    public void cancel() {
      cancelled = true;
      schedules.remove(this);
    }
  }

  private final List<Schedule> schedules = new ArrayList<>();

  /**
   * Schedules {@code punctuator}.
   *
   * @param now the current time of {@code type}'s clock (stream time is -1 before any record)
   */
  Cancellable add(PunctuationType type, long intervalMs, Punctuator punctuator, long now) {
    long due = type == PunctuationType.STREAM_TIME && now < 0 ? AT_FIRST_RECORD : now + intervalMs;
    Schedule schedule = new Schedule(type, intervalMs, punctuator, due);
    schedules.add(schedule);
    return schedule;
  }

  /** Fires every due schedule of {@code type} whose clock now reads {@code now}. */
  void advance(PunctuationType type, long now) {
    if (now < 0) {
      return;
    }
    // A punctuator may schedule or cancel others: iterate over a copy.
    for (Schedule s : new ArrayList<>(schedules)) {
      if (s.type != type || s.cancelled || now < s.due) {
        continue;
      }
      s.due = s.due == AT_FIRST_RECORD ? now + s.intervalMs : s.due + s.intervalMs;
      if (s.due <= now) {
        s.due = now + s.intervalMs;
      }
      s.punctuator.punctuate(now);
    }
  }
}
