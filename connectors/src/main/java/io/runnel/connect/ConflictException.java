package io.runnel.connect;

/** A request conflicts with what exists, e.g. creating a connector twice (REST: 409). */
public class ConflictException extends ConnectException {
  /** A conflict the message describes, naming the connector. */
  public ConflictException(String message) {
    super(message);
  }
}
