package io.runnel.connect;

/**
 * The unchecked exception of the connector runtime and of connectors: its message names the thing
 * that failed (connector, task, file, topic, key) and, where it can, what to do.
 */
public class ConnectException extends RuntimeException {
  /** An error with a message naming the thing that failed. */
  public ConnectException(String message) {
    super(message);
  }

  /** An error wrapping {@code cause}, with a message naming the thing that failed. */
  public ConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
