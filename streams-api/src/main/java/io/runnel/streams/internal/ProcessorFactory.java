package io.runnel.streams.internal;

/** Creates a node's processor for one task. Called on the stream thread that creates the task. */
@FunctionalInterface
public interface ProcessorFactory {

  /**
   * A new processor.
   *
   * @param task the task it belongs to (stores, serdes, producer)
   * @param out where it forwards records
   */
  Processor create(TaskContext task, Downstream out);
}
