package io.runnel.state;

import java.nio.file.Path;

class InMemoryWindowStoreTest extends WindowStoreContract {
  @Override
  protected WindowStore<Bytes, byte[]> createStore(String name, Path dir) {
    return Stores.inMemoryWindowStore(name, RETENTION, WINDOW);
  }
}
