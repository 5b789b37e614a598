package io.runnel.state;

import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;

/**
 * The record cache in front of RocksDB keeps every store promise. The cache is small (200 bytes),
 * so tests run with some entries cached, some dirty and some evicted to the store.
 */
class CachedKeyValueStoreTest extends KeyValueStoreContract {
  private RocksDBResources resources;

  @Override
  protected KeyValueStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    KeyValueStore<Bytes, byte[]> rocks = Stores.rocksDbKeyValueStore(name, dir, resources);
    return Stores.cached(rocks, 200, FlushListener.NONE);
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
