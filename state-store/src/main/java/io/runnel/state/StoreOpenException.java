package io.runnel.state;

/**
 * A store could not be opened: its directory is locked by another instance, corrupt or unreadable.
 * The message names the store, the path and what to do.
 */
public class StoreOpenException extends StateStoreException {
  /** An exception with a message naming the store and path. */
  public StoreOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
