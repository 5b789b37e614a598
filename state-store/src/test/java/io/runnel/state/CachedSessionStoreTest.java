package io.runnel.state;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;


import io.runnel.state.internal.segmented.SegmentedSessionStore;
import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The session store contract through the record cache over RocksDB. The cache holds about two
 * sessions, so the contract's reads mix cached, evicted and written-down sessions.
 */
class CachedSessionStoreTest extends SessionStoreContract {
  private RocksDBResources resources;
  private SessionStore<Bytes, byte[]> inner;

  @Override
  protected SessionStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    inner = Stores.rocksDbSessionStore(name, dir.resolve(name), resources, RETENTION);
    return Stores.cached(inner, 48, WindowedFlushListener.NONE);
  }

  /** Through the cache the byte store sees the writes when the cache writes down: on flush. */
  @Override
  @Test
  void expiredSessionsAreDroppedWithTheirSegment() {
    SegmentedSessionStore segmented = (SegmentedSessionStore) inner;
    store.put(session("a", 0, 10), value("old"));
    store.put(session("a", 200, 210), value("mid"));
    store.flush();
    assertThat(segmented.segmentNames()).containsExactly("sessions.0", "sessions.150");

    store.put(session("b", 440, 450), value("new")); // 450 - 300 = 150: segment 0 goes
    store.flush();

    assertThat(segmented.segmentNames()).containsExactly("sessions.150", "sessions.450");
    assertThat(sessions(store.fetch(key("a")))).containsExactly("a@200-210=mid");
    assertThat(store.fetchSession(key("a"), 0, 10)).isNull();
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
