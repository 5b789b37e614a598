package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.FlushListener;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * One store of one task, outermost first: record cache, changelogging, RocksDB. The cache's
 * write-downs go to whichever {@link FlushListener} the owning processor installs ({@link
 * #onFlush}), which is how a table emits its changes.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class StoreStack {
  private final StoreDef def;
  private final LogChangelogWriter changelog;
  private final KeyValueStore<Bytes, byte[]> outer;
  private final boolean cached;
  private FlushListener listener = FlushListener.NONE;

  StoreStack(
      StoreDef def,
      Path taskDir,
      RocksDBResources resources,
      LogChangelogWriter changelog,
      long cacheMaxBytes,
      LongSupplier timestamps) {
    this.def = def;
    this.changelog = changelog;
    KeyValueStore<Bytes, byte[]> bytes =
        Stores.rocksDbKeyValueStore(
            def.name(), taskDir.resolve("rocksdb").resolve(def.name()), resources);
    KeyValueStore<Bytes, byte[]> logged = Stores.logged(bytes, changelog, timestamps);
    this.outer =
        Stores.cached(
            logged,
            cacheMaxBytes,
            (key, newValue, oldValue) -> listener.onFlush(key, newValue, oldValue));
    this.cached = cacheMaxBytes > 0;
  }

  StoreDef def() {
    return def;
  }

  /** The outermost byte store (the cache, if there is one). */
  KeyValueStore<Bytes, byte[]> store() {
    return outer;
  }

  /** Whether writes wait in a cache (then changes are emitted through the flush listener). */
  boolean cached() {
    return cached;
  }

  LogChangelogWriter changelog() {
    return changelog;
  }

  void onFlush(FlushListener listener) {
    this.listener = listener;
  }
}
