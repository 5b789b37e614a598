package io.runnel.state.rocksdb;

import io.runnel.state.StateConfig;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * What every RocksDB store of a process shares, so that memory stays bounded however many stores
 * are open: one LRU block cache and one write buffer manager, plus the config setter.
 *
 * <p>The cache holds data, index and filter blocks, and the write buffer manager charges memtables
 * to it; its capacity is {@value StateConfig#ROCKSDB_BLOCK_CACHE_BYTES} plus {@value
 * StateConfig#ROCKSDB_WRITE_BUFFER_MANAGER_BYTES}, which bounds RocksDB's memory for all stores (96
 * MiB by default), beyond small per-store overheads.
 *
 * <p>Create one per process (or per application instance), pass it to every RocksDB store, close it
 * after the last store. Thread-safe.
 */
public final class RocksDBResources implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final StateConfig config;
  private final LRUCache cache;
  private final WriteBufferManager writeBufferManager;
  private final Map<Object, String> openStores = new IdentityHashMap<>();
  private boolean closed;

  /** Resources sized by {@code config}. */
  public RocksDBResources(StateConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.cache = new LRUCache(config.blockCacheBytes() + config.writeBufferManagerBytes());
    this.writeBufferManager = new WriteBufferManager(config.writeBufferManagerBytes(), cache);
  }

  /** Resources with the default sizes and no config setter. */
  public static RocksDBResources withDefaults() {
    return new RocksDBResources(StateConfig.defaults());
  }

  /** The configuration these resources were made from. */
  public StateConfig config() {
    return config;
  }

  /** The shared block cache. */
  public Cache blockCache() {
    return cache;
  }

  /** The shared write buffer manager. */
  public WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  /**
   * Records that {@code store}, at {@code path}, uses these resources; for store implementations.
   *
   * @throws IllegalStateException if they are closed
   */
  public synchronized void acquire(Object store, String path) {
    if (closed) {
      throw new IllegalStateException("RocksDB resources are closed: cannot open store at " + path);
    }
    openStores.put(store, path);
  }

  /** Records that {@code store} closed or failed to open; for store implementations. */
  public synchronized void release(Object store) {
    openStores.remove(store);
  }

  /**
   * Frees the cache and write buffer manager.
   *
   * @throws IllegalStateException naming the stores still open, which must be closed first
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (!openStores.isEmpty()) {
      throw new IllegalStateException(
          "cannot close RocksDB resources while stores are open: "
              + new TreeSet<>(openStores.values()));
    }
    closed = true;
    writeBufferManager.close();
    cache.close();
  }
}
