package io.runnel.state;

/**
 * Hears each change a window or session record cache writes down to its store, once per window (or
 * session) per flush or eviction, in the order they were first changed since the previous
 * write-down: how a windowed table forwards its changes downstream.
 *
 * <p>Called on the stream thread that owns the cached store, while it writes down.
 */
@FunctionalInterface
public interface WindowedFlushListener {

  /** A listener that ignores everything. */
  WindowedFlushListener NONE = (key, newValue, oldValue) -> {};

  /**
   * A window's change reached the store.
   *
   * @param key the key with its window ({@code end = start + window size}) or session ({@code
   *     [start, end]}, inclusive)
   * @param newValue its new value, or null if it was deleted
   * @param oldValue the value the store had before, or null if it had none
   */
  void onFlush(Windowed<Bytes> key, byte[] newValue, byte[] oldValue);
}
