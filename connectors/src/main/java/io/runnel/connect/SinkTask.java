package io.runnel.connect;

import io.runnel.streams.log.TopicPartition;
import java.util.Collection;
import java.util.Map;

/**
 * Writes records read from the log to outside.
 *
 * <p>Threading: each task runs on its own thread, which calls {@link #initialize}, {@link #start},
 * {@link #put} and {@link #flush} repeatedly, and finally {@link #stop}; no method is called
 * concurrently.
 *
 * <p>Delivery is at least once: the runtime commits a partition's offset for the worker's group
 * only after {@link #flush} returned, so a restarted task is given again what was put but not
 * flushed.
 */
public interface SinkTask {

  /**
   * Called once before {@link #start}, with what the runtime offers the task: among it the {@link
   * ErrantRecordReporter} for records it cannot write because of their data. Does nothing by
   * default.
   */
  default void initialize(SinkTaskContext context) {}

  /** Starts with the configuration its connector produced. */
  void start(Map<String, String> config);

  /**
   * Takes records, in offset order per partition. May buffer them until {@link #flush}.
   *
   * @throws ConnectException naming the destination if they cannot be written; the task fails
   */
  void put(Collection<SinkRecord> records);

  /**
   * Makes everything put so far durable outside.
   *
   * @param offsets the next offset to read of each partition, once this flush returns
   */
  void flush(Map<TopicPartition, Long> offsets);

  /** Releases what {@link #start} acquired; the runtime flushes before stopping. */
  void stop();
}
