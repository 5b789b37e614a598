package io.runnel.connect;

/** What the runtime offers a {@link SinkTask}. Called from the task's thread only. */
public interface SinkTaskContext {
  /**
   * Where the task reports records it cannot write because of their data (as Kafka Connect's
   * {@code SinkTaskContext.errantRecordReporter()}); never null.
   */
  ErrantRecordReporter errantRecordReporter();
}
