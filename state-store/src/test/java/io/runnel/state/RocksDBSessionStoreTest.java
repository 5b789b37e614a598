package io.runnel.state;

import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;

class RocksDBSessionStoreTest extends SessionStoreContract {
  private RocksDBResources resources;

  @Override
  protected SessionStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    return Stores.rocksDbSessionStore(name, dir.resolve(name), resources, RETENTION);
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
