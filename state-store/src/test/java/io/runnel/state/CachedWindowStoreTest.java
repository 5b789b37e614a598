package io.runnel.state;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;


import io.runnel.state.internal.segmented.SegmentedWindowStore;
import io.runnel.state.rocksdb.RocksDBResources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The window store contract through the record cache over RocksDB. The cache holds about three
 * windows, so the contract's reads mix cached, evicted and written-down windows.
 */
class CachedWindowStoreTest extends WindowStoreContract {
  private RocksDBResources resources;
  private WindowStore<Bytes, byte[]> inner;

  @Override
  protected WindowStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    inner = Stores.rocksDbWindowStore(name, dir.resolve(name), resources, RETENTION, WINDOW);
    return Stores.cached(inner, 40, WindowedFlushListener.NONE);
  }

  /** Through the cache the byte store sees the writes when the cache writes down: on flush. */
  @Override
  @Test
  void expiryDropsWholeSegments() {
    SegmentedWindowStore segmented = (SegmentedWindowStore) inner;
    store.put(key("a"), value("1"), 10);
    store.put(key("a"), value("2"), 160);
    store.put(key("a"), value("3"), 300);
    store.flush();
    assertThat(segmented.segmentNames()).containsExactly("windows.0", "windows.150", "windows.300");

    store.put(key("b"), value("5"), 450);
    store.flush();
    assertThat(segmented.segmentNames())
        .containsExactly("windows.150", "windows.300", "windows.450");
    assertThat(fetch("a", 0, 1000)).containsExactly("160=2", "300=3");
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }
}
