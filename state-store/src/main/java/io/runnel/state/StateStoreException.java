package io.runnel.state;

/**
 * Root of the unchecked exceptions of the state layer. Messages name the store and, where there is
 * one, its directory.
 */
public class StateStoreException extends RuntimeException {
  /** An exception with a message naming the store. */
  public StateStoreException(String message) {
    super(message);
  }

  /** An exception with a message naming the store, wrapping the library's exception. */
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
