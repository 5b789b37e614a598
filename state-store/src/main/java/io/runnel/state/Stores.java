package io.runnel.state;

import io.runnel.state.changelog.ChangelogWriter;
import io.runnel.state.internal.InMemoryKeyValueStore;
import io.runnel.state.internal.TypedKeyValueStore;
import io.runnel.state.internal.TypedSessionStore;
import io.runnel.state.internal.TypedWindowStore;
import io.runnel.state.internal.cache.CachingKeyValueStore;
import io.runnel.state.internal.cache.CachingSessionStore;
import io.runnel.state.internal.cache.CachingWindowStore;
import io.runnel.state.internal.logging.ChangeloggingKeyValueStore;
import io.runnel.state.internal.logging.ChangeloggingSessionStore;
import io.runnel.state.internal.logging.ChangeloggingWindowStore;
import io.runnel.state.internal.rocksdb.RocksDBKeyValueStore;
import io.runnel.state.internal.rocksdb.RocksDBSegmentStorage;
import io.runnel.state.internal.segmented.InMemorySegmentStorage;
import io.runnel.state.internal.segmented.SegmentedSessionStore;
import io.runnel.state.internal.segmented.SegmentedWindowStore;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.state.serde.Serde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Creates stores and stacks them. A task's store is typically, outermost first: typed view, record
 * cache (key-value, window and session stores alike), changelogging, byte store:
 *
 * <pre>{@code
 * KeyValueStore<Bytes, byte[]> bytes = Stores.rocksDbKeyValueStore("counts", dir, resources);
 * KeyValueStore<Bytes, byte[]> logged = Stores.logged(bytes, changelogWriter, task::timestamp);
 * KeyValueStore<Bytes, byte[]> cached = Stores.cached(logged, 10 << 20, FlushListener.NONE);
 * KeyValueStore<String, Long> counts = Stores.typed(cached, Serdes.string(), Serdes.longs());
 * }</pre>
 *
 * <p>Byte stores are named after the store ({@code [A-Za-z0-9._-]}). RocksDB stores open their
 * directory at once and throw {@link StoreOpenException} if they cannot.
 */
public final class Stores {
  private Stores() {}

  /** A byte key-value store in memory. */
  public static KeyValueStore<Bytes, byte[]> inMemoryKeyValueStore(String name) {
    return new InMemoryKeyValueStore(name);
  }

  /**
   * A byte key-value store in RocksDB at {@code dir} (by convention {@code
   * <stateDir>/<taskId>/rocksdb/<name>}).
   */
  public static KeyValueStore<Bytes, byte[]> rocksDbKeyValueStore(
      String name, Path dir, RocksDBResources resources) {
    return new RocksDBKeyValueStore(name, dir, resources);
  }

  /** A byte window store in memory. */
  public static WindowStore<Bytes, byte[]> inMemoryWindowStore(
      String name, Retention retention, Duration windowSize) {
    return new SegmentedWindowStore(
        name, retention, windowSize.toMillis(), new InMemorySegmentStorage());
  }

  /** A byte window store in RocksDB, one instance per segment under {@code dir}. */
  public static WindowStore<Bytes, byte[]> rocksDbWindowStore(
      String name, Path dir, RocksDBResources resources, Retention retention, Duration windowSize) {
    return new SegmentedWindowStore(
        name, retention, windowSize.toMillis(), new RocksDBSegmentStorage(dir, resources));
  }

  /** A byte session store in memory. */
  public static SessionStore<Bytes, byte[]> inMemorySessionStore(String name, Retention retention) {
    return new SegmentedSessionStore(name, retention, new InMemorySegmentStorage());
  }

  /** A byte session store in RocksDB, one instance per segment under {@code dir}. */
  public static SessionStore<Bytes, byte[]> rocksDbSessionStore(
      String name, Path dir, RocksDBResources resources, Retention retention) {
    return new SegmentedSessionStore(name, retention, new RocksDBSegmentStorage(dir, resources));
  }

  /** A typed view of a byte key-value store. */
  public static <K, V> KeyValueStore<K, V> typed(
      KeyValueStore<Bytes, byte[]> store, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TypedKeyValueStore<>(store, keySerde, valueSerde);
  }

  /** A typed view of a byte window store. */
  public static <K, V> WindowStore<K, V> typed(
      WindowStore<Bytes, byte[]> store, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TypedWindowStore<>(store, keySerde, valueSerde);
  }

  /** A typed view of a byte session store. */
  public static <K, V> SessionStore<K, V> typed(
      SessionStore<Bytes, byte[]> store, Serde<K> keySerde, Serde<V> valueSerde) {
    return new TypedSessionStore<>(store, keySerde, valueSerde);
  }

  /**
   * A write-back record cache of {@code maxBytes} (keys plus values) in front of {@code store};
   * {@code store} itself when {@code maxBytes} is 0.
   *
   * @param listener hears each key's change when it is written down
   */
  public static KeyValueStore<Bytes, byte[]> cached(
      KeyValueStore<Bytes, byte[]> store, long maxBytes, FlushListener listener) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size must not be negative, got " + maxBytes);
    }
    return maxBytes == 0 ? store : new CachingKeyValueStore(store, maxBytes, listener);
  }

  /**
   * A write-back record cache of {@code maxBytes} (keys, window starts and values) in front of
   * {@code store}; {@code store} itself when {@code maxBytes} is 0.
   *
   * @param listener hears each window's change when it is written down
   */
  public static WindowStore<Bytes, byte[]> cached(
      WindowStore<Bytes, byte[]> store, long maxBytes, WindowedFlushListener listener) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size must not be negative, got " + maxBytes);
    }
    return maxBytes == 0 ? store : new CachingWindowStore(store, maxBytes, listener);
  }

  /**
   * A write-back record cache of {@code maxBytes} (keys, session bounds and values) in front of
   * {@code store}; {@code store} itself when {@code maxBytes} is 0.
   *
   * @param listener hears each session's change when it is written down
   */
  public static SessionStore<Bytes, byte[]> cached(
      SessionStore<Bytes, byte[]> store, long maxBytes, WindowedFlushListener listener) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size must not be negative, got " + maxBytes);
    }
    return maxBytes == 0 ? store : new CachingSessionStore(store, maxBytes, listener);
  }

  /**
   * Sends every change of {@code store} to {@code changelog}.
   *
   * @param timestamps the timestamp of each change (the current record's)
   */
  public static KeyValueStore<Bytes, byte[]> logged(
      KeyValueStore<Bytes, byte[]> store, ChangelogWriter changelog, LongSupplier timestamps) {
    return new ChangeloggingKeyValueStore(store, changelog, timestamps);
  }

  /** Sends every change of {@code store} to {@code changelog}. */
  public static WindowStore<Bytes, byte[]> logged(
      WindowStore<Bytes, byte[]> store, ChangelogWriter changelog, LongSupplier timestamps) {
    return new ChangeloggingWindowStore(store, changelog, timestamps);
  }

  /** Sends every change of {@code store} to {@code changelog}. */
  public static SessionStore<Bytes, byte[]> logged(
      SessionStore<Bytes, byte[]> store, ChangelogWriter changelog, LongSupplier timestamps) {
    return new ChangeloggingSessionStore(store, changelog, timestamps);
  }
}
