package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.streams.StreamsException;
import java.util.Map;

/**
 * The global stores of one application instance by name, as the stream threads' join processors see
 * them: RocksDB byte stores that the global thread writes and any thread may read.
 *
 * <p>Thread-safe: the map is fixed at creation; the stores accept reads from any thread.
 */
public final class GlobalStores {
  /** No global stores (a topology without global tables). */
  public static final GlobalStores NONE = new GlobalStores(Map.of());

  private final Map<String, KeyValueStore<Bytes, byte[]>> stores;

  GlobalStores(Map<String, KeyValueStore<Bytes, byte[]>> stores) {
    this.stores = Map.copyOf(stores);
  }

  /**
   * The global store {@code name}.
   *
   * @throws StreamsException if the instance has no such global store (not loaded)
   */
  public KeyValueStore<Bytes, byte[]> store(String name) {
    KeyValueStore<Bytes, byte[]> store = stores.get(name);
    if (store == null) {
      throw new StreamsException(
          "global store '" + name + "' is not loaded in this instance; known: " + stores.keySet());
    }
    return store;
  }
}
