package io.runnel.connect;

import java.util.List;
import java.util.Map;

/**
 * Reads from outside and returns records for the log.
 *
 * <p>Threading: each task runs on its own thread, which calls {@link #initialize}, {@link #start},
 * {@link #poll} repeatedly and finally {@link #stop}; no method is called concurrently.
 *
 * <p>Delivery is at least once: the runtime stores a record's source offset only after the log
 * acknowledged the record, so after a crash a task resumes from the last stored offset and may
 * repeat records written after it; after a clean stop it repeats nothing.
 */
public interface SourceTask {

  /** Called once before {@link #start}. */
  void initialize(SourceTaskContext context);

  /** Starts with the configuration its connector produced. */
  void start(Map<String, String> config);

  /**
   * The next records, in the order they should be written; an empty list when there is nothing new
   * (the runtime then waits a little before polling again). Should not block for long.
   *
   * @throws ConnectException naming the source if it cannot be read; the task fails
   */
  List<SourceRecord> poll();

  /** Releases what {@link #start} acquired. */
  void stop();
}
