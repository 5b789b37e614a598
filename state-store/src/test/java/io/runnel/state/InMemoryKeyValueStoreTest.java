package io.runnel.state;

import java.nio.file.Path;

class InMemoryKeyValueStoreTest extends KeyValueStoreContract {
  @Override
  protected KeyValueStore<Bytes, byte[]> createStore(String name, Path dir) {
    return Stores.inMemoryKeyValueStore(name);
  }
}
