package io.runnel.state;

/** A store, or an iterator of it, was used after the store was closed. */
public class StoreClosedException extends StateStoreException {
  /** An exception naming the closed store. */
  public StoreClosedException(String storeName) {
    super("state store '" + storeName + "' is closed");
  }
}
