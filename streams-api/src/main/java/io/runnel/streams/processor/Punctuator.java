package io.runnel.streams.processor;

/** Work scheduled with {@link ProcessorContext#schedule}; called on the task's stream thread. */
@FunctionalInterface
public interface Punctuator {
  /**
   * Runs once per due time.
   *
   * @param timestamp the stream time or wall-clock time (epoch milliseconds) it fires at
   */
  void punctuate(long timestamp);
}
