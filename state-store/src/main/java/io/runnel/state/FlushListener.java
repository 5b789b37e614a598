package io.runnel.state;

/**
 * Hears each change a record cache writes down to its store, once per key per flush or eviction, in
 * the order the keys were first changed since the previous write-down: how a table forwards its
 * changes downstream.
 *
 * <p>Called on the stream thread that owns the cached store, while it writes down.
 */
@FunctionalInterface
public interface FlushListener {

  /** A listener that ignores everything. */
  FlushListener NONE = (key, newValue, oldValue) -> {};

  /**
   * A key's change reached the store.
   *
   * @param key the key
   * @param newValue its new value, or null if it was deleted
   * @param oldValue the value the store had before, or null if it had none
   */
  void onFlush(Bytes key, byte[] newValue, byte[] oldValue);
}
