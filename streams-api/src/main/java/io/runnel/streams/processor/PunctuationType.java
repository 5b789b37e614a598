package io.runnel.streams.processor;

/** The clock a {@link Punctuator} is scheduled on. */
public enum PunctuationType {
  /**
   * The task's stream time (the largest record timestamp it has seen): fires only as records
   * arrive, first with the first record processed after scheduling.
   */
  STREAM_TIME,
  /** The stream thread's wall clock: fires even when no records arrive. */
  WALL_CLOCK_TIME
}
