package io.runnel.bench.streams;

import java.time.Duration;

/**
 * One streams application under measurement (Runnel or Kafka Streams), started once and closed
 * once by the benchmark's main thread.
 */
interface StreamsApp extends AutoCloseable {

  /** Starts processing; returns at once. */
  void start();

  /** Why the app stopped processing, or null while it is healthy. */
  Throwable failure();

  /** Closes the app, waiting at most {@code timeout}. */
  void close(Duration timeout);

  @Override
  default void close() {
    close(Duration.ofSeconds(30));
  }
}
