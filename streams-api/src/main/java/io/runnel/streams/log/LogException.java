package io.runnel.streams.log;

/** A log operation failed; the message names the topic, partition or group involved. */
public class LogException extends RuntimeException {
  /** An exception with a message naming the thing that failed. */
  public LogException(String message) {
    super(message);
  }

  /** An exception with a message naming the thing that failed, and its cause. */
  public LogException(String message, Throwable cause) {
    super(message, cause);
  }
}
