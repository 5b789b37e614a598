package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.FlushListener;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Retention;
import io.runnel.state.SessionStore;
import io.runnel.state.StateStore;
import io.runnel.state.Stores;
import io.runnel.state.WindowStore;
import io.runnel.state.WindowedFlushListener;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.streams.StreamsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One store of one task, outermost first. A key-value store is record cache, changelogging,
 * RocksDB; the cache's write-downs go to whichever {@link FlushListener} the owning processor
 * installs ({@link #onFlush}), which is how a table emits its changes. A window or session store is
 * changelogging over segmented RocksDB, behind a record cache if its definition says so (windowed
 * aggregations); that cache's write-downs go to the {@link WindowedFlushListener} installed with
 * {@link #onWindowedFlush}, so a windowed table emits once per window and commit. With {@code
 * statestore.cache.max.bytes=0} there is no cache and tables emit every update.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class StoreStack {
  private final StoreDef def;
  private final LogChangelogWriter changelog;
  private final StateStore outer;
  private final boolean cached;
  private FlushListener listener = FlushListener.NONE;
  private WindowedFlushListener windowedListener = WindowedFlushListener.NONE;

  StoreStack(
      StoreDef def,
      Path taskDir,
      RocksDBResources resources,
      LogChangelogWriter changelog,
      long cacheMaxBytes,
      LongSupplier timestamps) {
    this.def = def;
    this.changelog = changelog;
    Path dir = taskDir.resolve("rocksdb").resolve(def.name());
    if (def.kind() == StoreDef.Kind.WINDOW) {
      WindowStore<Bytes, byte[]> bytes =
          Stores.rocksDbWindowStore(
              def.name(),
              dir,
              resources,
              Retention.of(Duration.ofMillis(def.retentionMs())),
              Duration.ofMillis(def.windowSizeMs()));
      WindowStore<Bytes, byte[]> logged = Stores.logged(bytes, changelog, timestamps);
      this.cached = def.cached() && cacheMaxBytes > 0;
      this.outer =
          cached
              ? Stores.cached(
                  logged,
                  cacheMaxBytes,
                  (key, newValue, oldValue) -> windowedListener.onFlush(key, newValue, oldValue))
              : logged;
    } else if (def.kind() == StoreDef.Kind.SESSION) {
      SessionStore<Bytes, byte[]> bytes =
          Stores.rocksDbSessionStore(
              def.name(), dir, resources, Retention.of(Duration.ofMillis(def.retentionMs())));
      SessionStore<Bytes, byte[]> logged = Stores.logged(bytes, changelog, timestamps);
      this.cached = def.cached() && cacheMaxBytes > 0;
      this.outer =
          cached
              ? Stores.cached(
                  logged,
                  cacheMaxBytes,
                  (key, newValue, oldValue) -> windowedListener.onFlush(key, newValue, oldValue))
              : logged;
    } else {
      KeyValueStore<Bytes, byte[]> bytes = Stores.rocksDbKeyValueStore(def.name(), dir, resources);
      KeyValueStore<Bytes, byte[]> logged = Stores.logged(bytes, changelog, timestamps);
      this.outer =
          Stores.cached(
              logged,
              cacheMaxBytes,
              (key, newValue, oldValue) -> listener.onFlush(key, newValue, oldValue));
      this.cached = cacheMaxBytes > 0;
    }
  }

  StoreDef def() {
    return def;
  }

  /** The outermost store, whatever its kind: flush, close, restore. */
  StateStore state() {
    return outer;
  }

  /**
   * The outermost byte key-value store (the cache, if there is one).
   *
   * @throws StreamsException if this is not a key-value store
   */
  @SuppressWarnings("unchecked")
  KeyValueStore<Bytes, byte[]> store() {
    if (def.kind() != StoreDef.Kind.KEY_VALUE) {
      throw new StreamsException("state store '" + def.name() + "' is not a key-value store");
    }
    return (KeyValueStore<Bytes, byte[]>) outer;
  }

  /**
   * The outermost byte window store.
   *
   * @throws StreamsException if this is not a window store
   */
  @SuppressWarnings("unchecked")
  WindowStore<Bytes, byte[]> windowStore() {
    if (def.kind() != StoreDef.Kind.WINDOW) {
      throw new StreamsException("state store '" + def.name() + "' is not a window store");
    }
    return (WindowStore<Bytes, byte[]>) outer;
  }

  /**
   * The outermost byte session store.
   *
   * @throws StreamsException if this is not a session store
   */
  @SuppressWarnings("unchecked")
  SessionStore<Bytes, byte[]> sessionStore() {
    if (def.kind() != StoreDef.Kind.SESSION) {
      throw new StreamsException("state store '" + def.name() + "' is not a session store");
    }
    return (SessionStore<Bytes, byte[]>) outer;
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

  /** Where a cached window or session store's write-downs go. */
  void onWindowedFlush(WindowedFlushListener listener) {
    this.windowedListener = listener;
  }
}
