package io.runnel.state.changelog;

import static io.runnel.state.TestData.drain;
import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Retention;
import io.runnel.state.StateStoreException;
import io.runnel.state.Stores;
import io.runnel.state.TestData;
import io.runnel.state.WindowStore;
import io.runnel.state.rocksdb.RocksDBResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore from the changelog, and the checkpoint that makes a clean restart restore nothing. */
class RestoreTest {
  @TempDir Path taskDir;
  private final RocksDBResources resources = RocksDBResources.withDefaults();
  private final InMemoryChangelog changelog = new InMemoryChangelog();
  private final List<String> events = new ArrayList<>();
  private final RestoreListener listener =
      new RestoreListener() {
        @Override
        public void onRestoreStart(String storeName, long fromOffset, long endOffset) {
          events.add("start " + storeName + " " + fromOffset + ".." + endOffset);
        }

        @Override
        public void onBatchRestored(RestoreProgress progress) {
          events.add("batch " + progress.restored() + "/" + progress.total());
        }

        @Override
        public void onRestoreEnd(RestoreProgress progress) {
          events.add("end " + progress.restored() + "/" + progress.total());
        }
      };
  private final StateRestorer restorer = new StateRestorer(listener, 100, System::nanoTime);

  @AfterEach
  void tearDown() {
    resources.close();
  }

  private Path storeDir() {
    return taskDir.resolve("rocksdb").resolve("counts");
  }

  private KeyValueStore<Bytes, byte[]> openRocks() {
    return Stores.rocksDbKeyValueStore("counts", storeDir(), resources);
  }

  /** Random puts and deletes through the changelogging store; returns the expected content. */
  private TreeMap<String, String> writeRandomly(KeyValueStore<Bytes, byte[]> logged, int count) {
    TreeMap<String, String> expected = new TreeMap<>();
    Random random = new Random(42);
    for (int i = 0; i < count; i++) {
      String k = "key-" + random.nextInt(200);
      if (random.nextInt(5) == 0) {
        logged.delete(key(k));
        expected.remove(k);
      } else {
        logged.put(key(k), value("v" + i));
        expected.put(k, "v" + i);
      }
    }
    return expected;
  }

  private static List<String> entries(Map<String, String> map) {
    List<String> entries = new ArrayList<>();
    map.forEach((k, v) -> entries.add(k + "=" + v));
    return entries;
  }

  private void deleteStoreDir() throws IOException {
    try (Stream<Path> files = Files.walk(storeDir())) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void aDroppedStoreIsRebuiltFromItsChangelog() throws IOException {
    TreeMap<String, String> expected;
    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      expected = writeRandomly(Stores.logged(rocks, changelog, () -> 0L), 1000);
      rocks.flush();
    }
    changelog.flush();
    deleteStoreDir();

    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      assertThat(drain(rocks.all())).isEmpty();

      RestoreProgress done =
          restorer.restore("counts", rocks.restoreTarget(), changelog, OffsetCheckpoint.NONE);

      assertThat(drain(rocks.all())).containsExactlyElementsOf(entries(expected));
      assertThat(done.restored()).isEqualTo(1000);
      assertThat(done.lastOffset()).isEqualTo(999);
      assertThat(done.recordsPerSecond()).isPositive();
    }
    assertThat(events).first().isEqualTo("start counts 0..1000");
    assertThat(events).contains("batch 100/1000", "batch 500/1000");
    assertThat(events).last().isEqualTo("end 1000/1000");
  }

  @Test
  void aCleanRestartRestoresNothing() {
    OffsetCheckpoint checkpoint = new OffsetCheckpoint(taskDir);
    TreeMap<String, String> expected;
    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      expected = writeRandomly(Stores.logged(rocks, changelog, () -> 0L), 500);
      // The commit order: flush the store, flush the changelog, then checkpoint what it acked.
      rocks.flush();
      long acked = changelog.flush();
      checkpoint.write(Map.of("counts", acked));
    }

    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      RestoreProgress done =
          restorer.restore("counts", rocks.restoreTarget(), changelog, checkpoint.offset("counts"));

      assertThat(done.restored()).isZero();
      assertThat(changelog.recordsRead()).isZero();
      assertThat(drain(rocks.all())).containsExactlyElementsOf(entries(expected));
    }
    assertThat(events).containsExactly("start counts 500..500", "end 0/0");
  }

  @Test
  void aRestartReadsOnlyWhatFollowsTheCheckpoint() {
    OffsetCheckpoint checkpoint = new OffsetCheckpoint(taskDir);
    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      KeyValueStore<Bytes, byte[]> logged = Stores.logged(rocks, changelog, () -> 0L);
      for (int i = 0; i < 10; i++) {
        logged.put(key("k" + i), value("first"));
      }
      rocks.flush();
      checkpoint.write(Map.of("counts", changelog.flush()));
      for (int i = 0; i < 5; i++) {
        logged.put(key("k" + i), value("second"));
      }
      changelog.flush(); // acknowledged, but the task died before its next checkpoint
    }
    forgetWritesAfterTheCheckpoint();

    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      RestoreProgress done =
          restorer.restore("counts", rocks.restoreTarget(), changelog, checkpoint.offset("counts"));

      assertThat(done.restored()).isEqualTo(5);
      assertThat(changelog.recordsRead()).isEqualTo(5);
      assertThat(TestData.text(rocks.get(key("k0")))).isEqualTo("second");
      assertThat(TestData.text(rocks.get(key("k9")))).isEqualTo("first");
    }
  }

  /** Makes the store hold the checkpointed state only, as if the last writes never reached it. */
  private void forgetWritesAfterTheCheckpoint() {
    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      for (int i = 0; i < 5; i++) {
        rocks.put(key("k" + i), value("first"));
      }
    }
  }

  @Test
  void aCheckpointPastTheChangelogEndIsAnError() {
    changelog.send(new byte[] {1}, new byte[] {1}, 0);
    changelog.flush();

    try (KeyValueStore<Bytes, byte[]> rocks = openRocks()) {
      assertThatThrownBy(() -> restorer.restore("counts", rocks.restoreTarget(), changelog, 5))
          .isInstanceOf(StateStoreException.class)
          .hasMessageContaining("state store 'counts'")
          .hasMessageContaining("offset 5")
          .hasMessageContaining("delete the store's directory");
    }
  }

  @Test
  void aWindowStoreIsRebuiltFromItsChangelogSkippingExpiredWindows() throws IOException {
    Retention retention = new Retention(300, 3, 1);
    Path dir = taskDir.resolve("rocksdb").resolve("windows");
    try (WindowStore<Bytes, byte[]> windows =
        Stores.rocksDbWindowStore("windows", dir, resources, retention, Duration.ofMillis(10))) {
      WindowStore<Bytes, byte[]> logged = Stores.logged(windows, changelog, () -> 0L);
      logged.put(key("a"), value("1"), 10);
      logged.put(key("a"), value("2"), 200);
      logged.put(key("b"), value("3"), 400);
      logged.put(key("b"), null, 400);
      logged.put(key("c"), value("4"), 450);
    }
    changelog.flush();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }

    try (WindowStore<Bytes, byte[]> windows =
        Stores.rocksDbWindowStore("windows", dir, resources, retention, Duration.ofMillis(10))) {
      restorer.restore("windows", windows.restoreTarget(), changelog, OffsetCheckpoint.NONE);

      assertThat(
              TestData.drainAny(
                  windows.all(),
                  w -> TestData.text(w.key().get()) + "@" + w.start(),
                  TestData::text))
          .containsExactly("a@200=2", "c@450=4");
    }
  }
}
