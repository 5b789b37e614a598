package io.runnel.log.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock(1_700_000_000_000L);

  @Test
  void opensEveryPartitionInParallelAfterARestart() throws Exception {
    List<Path> dirs = List.of(tmp.resolve("a"), tmp.resolve("b"));
    try (LogManager manager = LogManager.open(dirs, LogConfig.defaults(), clock, 4)) {
      for (int p = 0; p < 6; p++) {
        PartitionLog log = manager.getOrCreate(new TopicPartition("my-topic", p), LogConfig.defaults());
        log.append(KafkaBatches.batch(Compression.NONE, 0, p + 1, 0), 0);
      }
      assertThat(partitionDirs(tmp.resolve("a"))).isEqualTo(3);
      assertThat(partitionDirs(tmp.resolve("b"))).isEqualTo(3);
    }
    try (LogManager manager = LogManager.open(dirs, LogConfig.defaults(), clock, 4)) {
      assertThat(manager.all()).hasSize(6);
      for (int p = 0; p < 6; p++) {
        assertThat(manager.get(new TopicPartition("my-topic", p)).orElseThrow().logEndOffset()).isEqualTo(p + 1);
      }
    }
  }

  private static long partitionDirs(Path dir) throws java.io.IOException {
    try (var children = Files.list(dir)) {
      return children.filter(Files::isDirectory).count();
    }
  }

  @Test
  void aSecondServerOnTheSameLogDirIsRefused() {
    try (LogManager first = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      assertThat(first.all()).isEmpty();
      assertThatThrownBy(() -> LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("is in use by another Runnel server");
    }
  }

  @Test
  void deletingAPartitionRemovesItsDirectory() {
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      TopicPartition tp = new TopicPartition("doomed", 0);
      PartitionLog log = manager.getOrCreate(tp, LogConfig.defaults());
      log.append(KafkaBatches.batch(Compression.NONE, 0, 1, 0), 0);
      assertThat(manager.delete(tp)).isTrue();
      assertThat(Files.exists(tmp.resolve("doomed-0"))).isFalse();
      assertThat(manager.get(tp)).isEmpty();
    }
  }

  @Test
  void backgroundTasksApplyRetentionAndCompaction() throws InterruptedException {
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      PartitionLog expiring = manager.getOrCreate(new TopicPartition("expiring", 0),
          LogConfig.of(Map.of("retention.ms", "1000", "file.delete.delay.ms", "0")));
      expiring.append(KafkaBatches.batch(Compression.NONE, 0, 3, clock.millis()), 0);
      PartitionLog compacted = manager.getOrCreate(new TopicPartition("compacted", 0),
          LogConfig.of(Map.of("cleanup.policy", "compact", "segment.bytes", "300")));
      for (int i = 0; i < 20; i++) {
        compacted.append(KafkaBatches.keyed(Compression.NONE, clock.millis(), "same-key", "v" + i), 0);
      }
      compacted.roll();
      clock.advance(2000);
      manager.startBackgroundTasks(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20));
      long deadline = System.currentTimeMillis() + 10_000;
      while ((expiring.logStartOffset() < 3 || KafkaBatches.readAll(compacted).size() > 1)
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(expiring.logStartOffset()).isEqualTo(3);
      assertThat(KafkaBatches.readAll(compacted)).extracting(KafkaBatches.Read::value).containsExactly("v19");
    }
  }
}
