package io.runnel.state.internal.rocksdb;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.StateConfig;
import io.runnel.state.StoreClosedException;
import io.runnel.state.StoreOpenException;
import io.runnel.state.rocksdb.RocksDBConfigSetter;
import io.runnel.state.rocksdb.RocksDBResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;

/** Failures a user of RocksDB stores meets: locked and corrupt directories, leaked iterators. */
class RocksDBStoreFailureTest {
  @TempDir Path stateDir;
  private RocksDBResources resources;
  private Path storeDir;

  @BeforeEach
  void setUp() {
    resources = RocksDBResources.withDefaults();
    storeDir = stateDir.resolve("0_1").resolve("rocksdb").resolve("counts");
  }

  @AfterEach
  void tearDown() {
    resources.close();
  }

  @Test
  void aDirectoryInUseGivesAnErrorNamingStoreAndPath() {
    try (RocksDBKeyValueStore first = new RocksDBKeyValueStore("counts", storeDir, resources)) {
      first.put(key("a"), value("1"));

      assertThatThrownBy(() -> new RocksDBKeyValueStore("counts", storeDir, resources))
          .isInstanceOf(StoreOpenException.class)
          .hasMessageStartingWith("cannot open state store 'counts' at " + storeDir + ": ")
          .hasMessageEndingWith("(is another instance using this state directory?)");

      assertThat(text(first.get(key("a")))).isEqualTo("1");
      // The failed open did not release the first store's hold on the shared resources.
      assertThatThrownBy(resources::close).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void garbageInCurrentGivesAnErrorNamingStoreAndPath() throws IOException {
    createAndClose();
    Files.writeString(storeDir.resolve("CURRENT"), "garbage", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> new RocksDBKeyValueStore("counts", storeDir, resources))
        .isInstanceOf(StoreOpenException.class)
        .hasMessageStartingWith("cannot open state store 'counts' at " + storeDir + ": ")
        .hasMessageContaining("delete the directory to restore the store from its changelog");
  }

  @Test
  void aCorruptManifestGivesAnErrorSayingSo() throws IOException {
    createAndClose();
    Path manifest;
    try (Stream<Path> files = Files.list(storeDir)) {
      manifest =
          files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().get();
    }
    Files.write(manifest, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    assertThatThrownBy(() -> new RocksDBKeyValueStore("counts", storeDir, resources))
        .isInstanceOf(StoreOpenException.class)
        .hasMessageStartingWith("cannot open state store 'counts' at " + storeDir + ": ")
        .hasMessageContaining("its files are corrupt: delete the directory");
  }

  @Test
  void aPathThatIsAFileGivesAnErrorNamingIt() throws IOException {
    Files.createDirectories(storeDir.getParent());
    Files.writeString(storeDir, "not a directory");

    assertThatThrownBy(() -> new RocksDBKeyValueStore("counts", storeDir, resources))
        .isInstanceOf(StoreOpenException.class)
        .hasMessageStartingWith("cannot open state store 'counts' at " + storeDir + ": ");
  }

  @Test
  void leakedIteratorsAreCountedAndClosedWithTheStore() {
    RocksDBKeyValueStore store = new RocksDBKeyValueStore("counts", storeDir, resources);
    store.put(key("a"), value("1"));
    store.put(key("b"), value("2"));
    try (KeyValueIterator<Bytes, byte[]> closed = store.all()) {
      closed.next();
    }
    assertThat(store.openIterators()).isZero();

    KeyValueIterator<Bytes, byte[]> leaked = store.all();
    leaked.next();
    assertThat(store.openIterators()).isEqualTo(1);

    store.close();

    assertThat(store.openIterators()).isZero();
    assertThatThrownBy(leaked::hasNext).isInstanceOf(StoreClosedException.class);
  }

  @Test
  void resourcesCannotCloseUnderAnOpenStore() {
    try (RocksDBKeyValueStore store = new RocksDBKeyValueStore("counts", storeDir, resources)) {
      assertThatThrownBy(resources::close)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(storeDir.toString());
      assertThat(store.isOpen()).isTrue();
    }
  }

  @Test
  void dataSurvivesAReopen() {
    try (RocksDBKeyValueStore store = new RocksDBKeyValueStore("counts", storeDir, resources)) {
      store.put(key("a"), value("1"));
    }
    try (RocksDBKeyValueStore store = new RocksDBKeyValueStore("counts", storeDir, resources)) {
      assertThat(text(store.get(key("a")))).isEqualTo("1");
    }
  }

  /** Records what it was called with; a public no-arg class, as config names it. */
  public static final class RecordingSetter implements RocksDBConfigSetter {
    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
      options.setMaxWriteBufferNumber(5);
      CALLS.add("set " + storeName + " " + configs.get("my.setting"));
    }

    @Override
    public void close(String storeName, Options options) {
      CALLS.add("close " + storeName + " " + options.maxWriteBufferNumber());
    }
  }

  @Test
  void theConfigSetterNamedInConfigAdjustsEachStore() {
    RecordingSetter.CALLS.clear();
    StateConfig config =
        StateConfig.from(
            Map.of(
                StateConfig.ROCKSDB_CONFIG_SETTER,
                RecordingSetter.class.getName(),
                StateConfig.ROCKSDB_BLOCK_CACHE_BYTES,
                "1048576",
                "my.setting",
                "42"));
    try (RocksDBResources own = new RocksDBResources(config)) {
      new RocksDBKeyValueStore("counts", storeDir, own).close();
      assertThat(own.blockCache()).isNotNull();
    }

    assertThat(RecordingSetter.CALLS).containsExactly("set counts 42", "close counts 5");
  }

  private void createAndClose() {
    try (RocksDBKeyValueStore store = new RocksDBKeyValueStore("counts", storeDir, resources)) {
      for (int i = 0; i < 100; i++) {
        store.put(key("key-" + i), value("value"));
      }
      store.flush();
    }
  }
}
