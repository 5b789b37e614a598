package io.runnel.connect;

/**
 * A failure that may pass (a database or broker that is down, a lost connection): the runtime
 * retries the same call with a growing delay, up to {@code errors.retry.delay.max.ms} between
 * attempts, instead of failing the task. A {@link SinkTask#put} that throws it must have written
 * nothing (or nothing that a repeat would duplicate); it is called again with the same records.
 */
public class RetriableException extends ConnectException {
  /** A retriable failure naming the thing that failed. */
  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}
