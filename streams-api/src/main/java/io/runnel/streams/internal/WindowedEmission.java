package io.runnel.streams.internal;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;

/**
 * How a windowed aggregation emits its changes: at once on every update when its store has no
 * cache, else when the record cache writes a window (or session) down, on commit or eviction, once
 * per window with the value the store had before as the old value. Records emitted from the cache
 * carry the timestamp of the task's latest record.
 *
 * <p>Stateless; the listener it installs runs on the task's stream thread.
 */
final class WindowedEmission {
  private WindowedEmission() {}

  /**
   * Connects the cache of {@code stack}, if it has one, to {@code out}.
   *
   * @return true if there is no cache, so the processor must forward each update itself
   */
  static boolean install(
      TaskContext task,
      StoreStack stack,
      Serde<Object> keySerde,
      Serde<Object> valueSerde,
      Downstream out) {
    if (!stack.cached()) {
      return true;
    }
    stack.onWindowedFlush(
        (window, newValue, oldValue) ->
            out.forward(
                new Windowed<>(
                    keySerde.deserialize(window.key().get()), window.start(), window.end()),
                new Change(valueSerde.deserialize(oldValue), valueSerde.deserialize(newValue)),
                task.timestamp()));
    return false;
  }
}
