package io.runnel.state;

import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;

/**
 * The session store contract through the record cache over RocksDB. The cache holds about two
 * sessions, so the contract's reads mix cached, evicted and written-down sessions.
 */
class CachedSessionStoreTest extends SessionStoreContract {
  private RocksDBResources resources;

  @Override
  protected SessionStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    return Stores.cached(
        Stores.rocksDbSessionStore(name, dir.resolve(name), resources, RETENTION),
        48,
        WindowedFlushListener.NONE);
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
