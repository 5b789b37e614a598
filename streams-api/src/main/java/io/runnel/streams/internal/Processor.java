package io.runnel.streams.internal;

/**
 * One node of a task's processor graph. Keys and values are untyped here; the DSL keeps them
 * consistent.
 *
 * <p>Called only by the task's stream thread.
 */
public interface Processor {

  /** Handles one record; forwards results through the {@link Downstream} it was created with. */
  void process(Object key, Object value, long timestamp);

  /** Called once, after the task's stores are restored and before its first record. */
  default void init() {}

  /** Called once when the task closes, before its stores close. */
  default void close() {}
}
