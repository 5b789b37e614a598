package io.runnel.log.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.log.cluster.PartitionState;
import io.runnel.log.storage.BatchBuilder;
import io.runnel.log.storage.Compression;
import io.runnel.log.storage.LogConfig;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's bookkeeping of one partition: high watermark, ISR changes, min.insync.replicas, leadership. */
class PartitionTest {
  private static final TopicPartition TP = new TopicPartition("orders", 0);
  @TempDir Path tmp;
  PartitionLog log;
  final List<List<Integer>> isrRequests = new ArrayList<>();
  final AtomicInteger notified = new AtomicInteger();
  Partition partition;

  @BeforeEach
  void open() {
    log = PartitionLog.open(tmp.resolve("orders-0"), LogConfig.of(Map.of()), InstantSource.system());
    partition = new Partition(TP, log, 1, (tp, leader, epoch, isr) -> isrRequests.add(isr), notified::incrementAndGet);
  }

  @AfterEach
  void close() {
    log.close();
  }

  static ByteBuffer records(int count) {
    BatchBuilder b = BatchBuilder.create(Compression.NONE);
    for (int i = 0; i < count; i++) {
      b.add(1000, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    return b.build(0);
  }

  @Test
  void aLeaderAloneInTheIsrHasItsLogEndAsHighWatermark() {
    partition.update(new PartitionState(List.of(1), 1, 0, List.of(1)), 0);
    partition.appendAsLeader(records(5), 1);
    assertThat(partition.highWatermark()).isEqualTo(5);
    assertThatThrownBy(() -> partition.appendAsLeader(records(1), 2)).isInstanceOf(NotEnoughReplicasException.class)
        .hasMessageContaining("min.insync.replicas is 2");
    assertThat(log.logEndOffset()).isEqualTo(5);
  }

  @Test
  void anAppendAsLeaderWakesWhatIsParkedOnThePartitionEvenWhenTheHighWatermarkStays() {
    // Followers' fetches park at the leader until it appends: a group write must wake them like a produce.
    partition.update(new PartitionState(List.of(1, 2), 1, 0, List.of(1, 2)), 0);
    int before = notified.get();
    partition.appendAsLeader(records(3), 1);
    assertThat(partition.highWatermark()).isZero();
    assertThat(notified.get()).isEqualTo(before + 1);
  }

  @Test
  void aCheckpointedHighWatermarkCountsOnlyUpToTheLogEnd() {
    log.append(records(5), 0);
    // Checkpointed at 8, but the records from 5 on were lost with the page cache: what is appended
    // there again is not committed until the followers have it.
    Partition restarted = new Partition(TP, log, 1, (tp, leader, epoch, isr) -> { }, () -> { }, 8);
    restarted.update(new PartitionState(List.of(1, 2), 1, 1, List.of(1, 2)), 0);
    assertThat(restarted.highWatermark()).as("served at once, before any follower fetch").isEqualTo(5);
    restarted.appendAsLeader(records(3), 1);
    assertThat(restarted.highWatermark()).isEqualTo(5);
    restarted.followerFetched(2, 8, 1);
    assertThat(restarted.highWatermark()).isEqualTo(8);
  }

  @Test
  void theHighWatermarkIsTheLowestLogEndInTheIsr() {
    partition.update(new PartitionState(List.of(1, 2, 3), 1, 4, List.of(1, 2, 3)), 0);
    partition.appendAsLeader(records(10), 2);
    assertThat(partition.highWatermark()).isZero();
    int before = notified.get();
    partition.followerFetched(2, 10, 1);
    assertThat(partition.highWatermark()).as("replica 3 has not fetched yet").isZero();
    partition.followerFetched(3, 6, 1);
    assertThat(partition.highWatermark()).isEqualTo(6);
    assertThat(notified.get()).isGreaterThan(before);
    partition.followerFetched(3, 10, 2);
    assertThat(partition.highWatermark()).isEqualTo(10);
    assertThat(isrRequests).isEmpty();
    // A follower that fetches from an older position does not move the high watermark back.
    partition.followerFetched(3, 8, 3);
    assertThat(partition.highWatermark()).isEqualTo(10);
  }

  @Test
  void aFollowerJoinsTheIsrOnceItReachesTheHighWatermark() {
    partition.update(new PartitionState(List.of(1, 2, 3), 1, 0, List.of(1, 2)), 0);
    partition.appendAsLeader(records(10), 1);
    partition.followerFetched(2, 10, 1);
    assertThat(partition.highWatermark()).isEqualTo(10);
    partition.followerFetched(3, 4, 1);
    assertThat(isrRequests).isEmpty();
    // A position past the leader's log end is not believed: that follower has to truncate first.
    partition.followerFetched(3, 50, 1);
    assertThat(isrRequests).isEmpty();
    partition.followerFetched(3, 10, 2);
    assertThat(isrRequests).containsExactly(List.of(1, 2, 3));
  }

  @Test
  void aFollowerThatDoesNotCatchUpWithinTheLagTimeIsReported() {
    partition.update(new PartitionState(List.of(1, 2, 3), 1, 0, List.of(1, 2, 3)), 1_000);
    partition.appendAsLeader(records(10), 1);
    partition.followerFetched(2, 0, 1_100);
    partition.followerFetched(3, 10, 1_100);
    assertThat(partition.laggingFollowers(1_500, 1_000)).isEmpty();
    partition.followerFetched(3, 10, 2_500);
    assertThat(partition.laggingFollowers(2_500, 1_000)).containsExactly(2);
  }

  @Test
  void aLeaderThatLosesTheLeadershipStopsAcceptingAppends() {
    partition.update(new PartitionState(List.of(1, 2), 1, 0, List.of(1, 2)), 0);
    partition.appendAsLeader(records(3), 1);
    int before = notified.get();
    partition.update(new PartitionState(List.of(1, 2), 2, 1, List.of(2)), 0);
    assertThat(partition.isLeader()).isFalse();
    assertThat(notified.get()).as("parked requests look again").isGreaterThan(before);
    assertThatThrownBy(() -> partition.appendAsLeader(records(1), 1)).isInstanceOf(NotLeaderException.class);
    assertThat(partition.followerFetched(2, 3, 1)).isFalse();
    // As follower it takes the leader's high watermark, bounded by its own log end.
    partition.followerHighWatermark(2);
    assertThat(partition.highWatermark()).isEqualTo(2);
    partition.followerHighWatermark(50);
    assertThat(partition.highWatermark()).isEqualTo(3);
  }

  @Test
  void aNewLeaderEpochStartsAtTheLogEnd() {
    partition.update(new PartitionState(List.of(1, 2), 2, 0, List.of(1, 2)), 0);
    log.appendAsFollower(leaderBatch(4));
    partition.update(new PartitionState(List.of(1, 2), 1, 1, List.of(1)), 0);
    assertThat(log.latestEpoch()).isEqualTo(1);
    assertThat(log.endOffsetForEpoch(0).endOffset()).isEqualTo(4);
  }

  /** A batch of {@code count} records as a leader in epoch 0 stored it at offset 0. */
  private static ByteBuffer leaderBatch(int count) {
    ByteBuffer b = records(count);
    new io.runnel.log.storage.RecordBatch(b, 0).assignOffsetAndEpoch(0, 0);
    return b;
  }
}
