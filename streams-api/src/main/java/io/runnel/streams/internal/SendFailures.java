package io.runnel.streams.internal;

import io.runnel.streams.StreamsException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the first failed asynchronous send of a stream thread (to an output, repartition or
 * changelog topic), so the next commit fails instead of committing input past lost output.
 *
 * <p>Thread-safe: producer callbacks record, the stream thread checks.
 */
public final class SendFailures {
  private final AtomicReference<Throwable> first = new AtomicReference<>();

  /** Records {@code error} if it is the first. */
  public void record(Throwable error) {
    first.compareAndSet(null, error);
  }

  /**
   * Throws if a send failed.
   *
   * @throws StreamsException naming the first failure
   */
  public void check() {
    Throwable error = first.get();
    if (error != null) {
      throw new StreamsException("a record could not be written to the log: " + error, error);
    }
  }
}
