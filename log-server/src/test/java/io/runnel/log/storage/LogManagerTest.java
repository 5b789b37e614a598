package io.runnel.log.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
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

  @Test
  void aLogOfAnEarlierTopicOfTheSameNameIsReplacedByAnEmptyOne() {
    TopicPartition tp = new TopicPartition("orders", 0);
    UUID earlier = UUID.randomUUID();
    UUID current = UUID.randomUUID();
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      manager.getOrCreate(tp, earlier, LogConfig.defaults()).append(KafkaBatches.batch(Compression.NONE, 0, 3, 0), 0);
      manager.checkpointHighWatermarks(Map.of(tp, 3L));
    }
    // The topic was deleted and created again while this server was down: same name, new id.
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      assertThat(manager.getOrCreate(tp, earlier, LogConfig.defaults()).logEndOffset()).isEqualTo(3);
      assertThat(manager.checkpointedHighWatermark(tp)).isEqualTo(3);
      PartitionLog log = manager.getOrCreate(tp, current, LogConfig.defaults());
      assertThat(log.logEndOffset()).isZero();
      assertThat(log.topicId()).contains(current);
      assertThat(manager.checkpointedHighWatermark(tp)).as("the old log's high watermark is gone with it").isZero();
      log.append(KafkaBatches.batch(Compression.NONE, 0, 1, 0), 0);
    }
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      PartitionLog log = manager.getOrCreate(tp, current, LogConfig.defaults());
      assertThat(log.topicId()).contains(current);
      assertThat(log.logEndOffset()).isEqualTo(1);
    }
  }

  @Test
  void aLogFromBeforeTopicIdsKeepsItsRecordsAndRecordsTheIdAsKafkaWritesIt() throws Exception {
    TopicPartition tp = new TopicPartition("legacy", 2);
    UUID id = UUID.randomUUID();
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      manager.getOrCreate(tp, LogConfig.defaults()).append(KafkaBatches.batch(Compression.NONE, 0, 2, 0), 0);
    }
    assertThat(tmp.resolve("legacy-2/partition.metadata")).doesNotExist();
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      PartitionLog log = manager.getOrCreate(tp, id, LogConfig.defaults());
      assertThat(log.logEndOffset()).isEqualTo(2);
      assertThat(log.topicId()).contains(id);
    }
    Uuid kafkaId = new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    assertThat(Files.readString(tmp.resolve("legacy-2/partition.metadata")))
        .isEqualTo("version: 0\ntopic_id: " + kafkaId + "\n");
  }

  @Test
  void aDamagedPartitionMetadataFileStopsTheStartNamingTheFile() throws Exception {
    try (LogManager manager = LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1)) {
      manager.getOrCreate(new TopicPartition("damaged", 0), UUID.randomUUID(), LogConfig.defaults());
    }
    Files.writeString(tmp.resolve("damaged-0/partition.metadata"), "version: 0\ntopic_id: not-an-id\n");
    assertThatThrownBy(() -> LogManager.open(List.of(tmp), LogConfig.defaults(), clock, 1))
        .hasMessageContaining("damaged-0")
        .hasMessageContaining("partition.metadata")
        .hasMessageContaining("move the partition directory aside");
  }

  @Test
  void highWatermarksAreCheckpointedPerLogDirAndReadBackAtOpen() throws Exception {
    List<Path> dirs = List.of(tmp.resolve("a"), tmp.resolve("b"));
    TopicPartition first = new TopicPartition("hw", 0);
    TopicPartition second = new TopicPartition("hw", 1);
    try (LogManager manager = LogManager.open(dirs, LogConfig.defaults(), clock, 1)) {
      manager.getOrCreate(first, LogConfig.defaults());
      manager.getOrCreate(second, LogConfig.defaults());
      manager.checkpointHighWatermarks(Map.of(first, 7L, second, 11L));
    }
    // One file per log dir, each with its own partition, in Kafka's layout.
    assertThat(Files.readString(tmp.resolve("a/replication-offset-checkpoint"))).isEqualTo("0\n1\nhw 0 7\n");
    assertThat(Files.readString(tmp.resolve("b/replication-offset-checkpoint"))).isEqualTo("0\n1\nhw 1 11\n");
    try (LogManager manager = LogManager.open(dirs, LogConfig.defaults(), clock, 1)) {
      assertThat(manager.checkpointedHighWatermark(first)).isEqualTo(7);
      assertThat(manager.checkpointedHighWatermark(second)).isEqualTo(11);
      assertThat(manager.checkpointedHighWatermark(new TopicPartition("other", 0))).isZero();
    }
    Files.writeString(tmp.resolve("a/replication-offset-checkpoint"), "0\n5\nhw 0 7\n");
    try (LogManager manager = LogManager.open(dirs, LogConfig.defaults(), clock, 1)) {
      assertThat(manager.checkpointedHighWatermark(first)).as("a damaged file reads as empty").isZero();
      assertThat(manager.checkpointedHighWatermark(second)).isEqualTo(11);
    }
  }
}
