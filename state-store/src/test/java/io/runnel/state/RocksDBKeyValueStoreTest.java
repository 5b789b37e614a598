package io.runnel.state;

import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;

class RocksDBKeyValueStoreTest extends KeyValueStoreContract {
  private RocksDBResources resources;

  @Override
  protected KeyValueStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    return Stores.rocksDbKeyValueStore(name, dir.resolve("rocksdb").resolve(name), resources);
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
