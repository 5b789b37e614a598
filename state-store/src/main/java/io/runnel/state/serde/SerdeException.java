package io.runnel.state.serde;

/** A value could not be serialized or deserialized; the message names the type and the reason. */
public class SerdeException extends RuntimeException {
  /** An exception with a message naming the type. */
  public SerdeException(String message) {
    super(message);
  }

  /** An exception with a message naming the type, wrapping the library's exception. */
  public SerdeException(String message, Throwable cause) {
    super(message, cause);
  }
}
