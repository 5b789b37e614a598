package io.runnel.state;

import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;

/**
 * The window store contract through the record cache over RocksDB. The cache holds about three
 * windows, so the contract's reads mix cached, evicted and written-down windows.
 */
class CachedWindowStoreTest extends WindowStoreContract {
  private RocksDBResources resources;

  @Override
  protected WindowStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    return Stores.cached(
        Stores.rocksDbWindowStore(name, dir.resolve(name), resources, RETENTION, WINDOW),
        40,
        WindowedFlushListener.NONE);
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
