package io.runnel.state;

import java.nio.file.Path;

class InMemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected SessionStore<Bytes, byte[]> createStore(String name, Path dir) {
    return Stores.inMemorySessionStore(name, RETENTION);
  }
}
