package io.runnel.state;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.rocksdb.RocksDBResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RocksDBWindowStoreTest extends WindowStoreContract {
  private RocksDBResources resources;

  @Override
  protected WindowStore<Bytes, byte[]> createStore(String name, Path dir) {
    resources = RocksDBResources.withDefaults();
    return Stores.rocksDbWindowStore(name, dir.resolve(name), resources, RETENTION, WINDOW);
  }

  @Override
  protected void afterStoreClosed() {
    resources.close();
  }

  private Stream<String> segmentDirs() throws IOException {
    return Files.list(dir.resolve("windows")).map(p -> p.getFileName().toString()).sorted();
  }

  @Test
  void droppedSegmentsLeaveTheDisk() throws IOException {
    store.put(key("a"), value("1"), 10);
    store.put(key("a"), value("2"), 160);
    try (Stream<String> dirs = segmentDirs()) {
      assertThat(dirs).containsExactly("windows.0", "windows.150");
    }

    store.put(key("a"), value("3"), 460);

    try (Stream<String> dirs = segmentDirs()) {
      assertThat(dirs).containsExactly("windows.150", "windows.450");
    }
  }

  @Test
  void reopeningFindsExistingSegments() {
    store.put(key("a"), value("1"), 10);
    store.put(key("a"), value("2"), 160);
    store.flush();
    store.close();

    store =
        Stores.rocksDbWindowStore("windows", dir.resolve("windows"), resources, RETENTION, WINDOW);

    assertThat(text(store.fetch(key("a"), 10))).isEqualTo("1");
    assertThat(text(store.fetch(key("a"), 160))).isEqualTo("2");
  }
}
