package io.runnel.log.storage;

import static io.runnel.log.storage.KafkaBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower side of a partition log: appends that keep the leader's offsets, leader epochs and truncation. */
class ReplicaLogTest {
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock(1_700_000_000_000L);
  final List<PartitionLog> open = new ArrayList<>();

  PartitionLog open(String name) {
    PartitionLog log = PartitionLog.open(tmp.resolve(name), LogConfig.of(Map.of()), clock);
    open.add(log);
    return log;
  }

  @AfterEach
  void close() {
    open.forEach(PartitionLog::close);
  }

  /** An idempotent producer's batch of {@code count} records starting at {@code sequence}. */
  static ByteBuffer idempotent(long producerId, int sequence, int count) {
    BatchBuilder b = BatchBuilder.create(Compression.NONE).producer(producerId, (short) 0, sequence);
    for (int i = 0; i < count; i++) {
      b.add(1000 + i, ("k" + (sequence + i)).getBytes(StandardCharsets.UTF_8),
          ("v" + (sequence + i)).getBytes(StandardCharsets.UTF_8));
    }
    return b.build(0);
  }

  /** The log's bytes from {@code from} to its end, as a leader would send them to a follower. */
  static ByteBuffer bytesFrom(PartitionLog log, long from) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    long offset = from;
    while (offset < log.logEndOffset()) {
      ByteBuffer slice = log.read(offset, Integer.MAX_VALUE).slice().orElseThrow().readFully();
      int position = 0;
      while (position < slice.limit()) {
        RecordBatch b = new RecordBatch(slice, position);
        offset = b.nextOffset();
        position += b.sizeInBytes();
      }
      out.write(slice.array(), 0, slice.limit());
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  @Test
  void aFollowerKeepsTheLeadersBatchesAndTakesOverItsProducerState() {
    PartitionLog leader = open("leader");
    PartitionLog follower = open("follower");
    leader.append(idempotent(77, 0, 3), 4);
    leader.append(batch(Compression.LZ4, 0, 5, 2000), 4);
    leader.append(idempotent(77, 3, 2), 5);

    assertThat(follower.appendAsFollower(bytesFrom(leader, 0))).isEqualTo(10);
    assertThat(bytesFrom(follower, 0)).isEqualTo(bytesFrom(leader, 0));
    assertThat(follower.latestEpoch()).isEqualTo(5);
    assertThat(follower.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(4, 8));

    // The follower becomes leader: the producer's retry of its last batch is still a duplicate...
    AppendResult retry = follower.append(idempotent(77, 3, 2), 6);
    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.firstOffset()).isEqualTo(8);
    // ...and a gap in its sequence is still refused.
    assertThatThrownBy(() -> follower.append(idempotent(77, 9, 1), 6)).isInstanceOf(OutOfOrderSequenceException.class);
    assertThat(follower.append(idempotent(77, 5, 1), 6).firstOffset()).isEqualTo(10);
  }

  @Test
  void aFollowerRefusesBatchesBelowItsLogEnd() {
    PartitionLog leader = open("leader");
    PartitionLog follower = open("follower");
    leader.append(batch(Compression.NONE, 0, 5, 1000), 0);
    follower.appendAsFollower(bytesFrom(leader, 0));
    assertThatThrownBy(() -> follower.appendAsFollower(bytesFrom(leader, 0)))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("below the log end offset 5");
    assertThat(follower.logEndOffset()).isEqualTo(5);
  }

  @Test
  void aReturningReplicaCutsWhatItWroteThatTheNewLeaderNeverHad() {
    PartitionLog oldLeader = open("old");
    PartitionLog newLeader = open("new");
    oldLeader.append(idempotent(77, 0, 5), 0);
    newLeader.appendAsFollower(bytesFrom(oldLeader, 0));
    // The old leader appends in epoch 0 what never reached the follower, then dies.
    oldLeader.append(idempotent(77, 5, 3), 0);
    // The follower takes over in epoch 1 and the producer's retry lands there.
    newLeader.startLeaderEpoch(1);
    newLeader.append(idempotent(77, 5, 3), 1);
    newLeader.append(idempotent(77, 8, 2), 1);

    EpochEndOffset answer = newLeader.endOffsetForEpoch(oldLeader.latestEpoch());
    assertThat(answer).isEqualTo(new EpochEndOffset(0, 5));
    assertThat(oldLeader.truncateToLeader(answer)).isTrue();
    assertThat(oldLeader.logEndOffset()).isEqualTo(5);
    oldLeader.appendAsFollower(bytesFrom(newLeader, 5));
    assertThat(bytesFrom(oldLeader, 0)).isEqualTo(bytesFrom(newLeader, 0));
    assertThat(oldLeader.latestEpoch()).isEqualTo(1);
    // The producer state came from the new leader's batches, not from the cut ones.
    assertThat(oldLeader.append(idempotent(77, 8, 2), 2).firstOffset()).isEqualTo(8);
  }

  @Test
  void aReplicaAheadInAnOlderEpochTruncatesToWhereTheEpochsAgree() {
    PartitionLog replica = open("replica");
    PartitionLog leader = open("leader");
    leader.append(batch(Compression.NONE, 0, 4, 1000), 0);
    replica.appendAsFollower(bytesFrom(leader, 0));
    // The replica led epoch 1 alone for a while; the leader never saw it and leads epoch 2.
    replica.append(batch(Compression.NONE, 4, 3, 1000), 1);
    leader.startLeaderEpoch(2);
    leader.append(batch(Compression.NONE, 100, 6, 1000), 2);

    EpochEndOffset first = leader.endOffsetForEpoch(replica.latestEpoch());
    assertThat(first).isEqualTo(new EpochEndOffset(0, 4));
    assertThat(replica.truncateToLeader(first)).isTrue();
    assertThat(replica.logEndOffset()).isEqualTo(4);
    assertThat(replica.latestEpoch()).isZero();
  }

  @Test
  void theLeaderEpochFileIsRebuiltFromTheBatchesWhenMissing() throws Exception {
    Path dir = tmp.resolve("orders-0");
    PartitionLog log = PartitionLog.open(dir, LogConfig.of(Map.of()), clock);
    log.append(batch(Compression.NONE, 0, 3, 1000), 0);
    log.append(batch(Compression.NONE, 3, 2, 1000), 2);
    log.append(batch(Compression.NONE, 5, 4, 1000), 5);
    log.close();
    assertThat(Files.readAllLines(dir.resolve(LeaderEpochCache.FILE_NAME)))
        .containsExactly("0", "3", "0 0", "2 3", "5 5");
    Files.delete(dir.resolve(LeaderEpochCache.FILE_NAME));

    PartitionLog reopened = open("orders-0");
    assertThat(reopened.latestEpoch()).isEqualTo(5);
    assertThat(reopened.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(0, 3));
    assertThat(reopened.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(0, 3));
    assertThat(reopened.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(2, 5));
    assertThat(reopened.endOffsetForEpoch(9)).isEqualTo(new EpochEndOffset(5, 9));
    assertThat(Files.readAllLines(dir.resolve(LeaderEpochCache.FILE_NAME)))
        .containsExactly("0", "3", "0 0", "2 3", "5 5");
  }

  @Test
  void anEpochOlderThanAnyKnownIsUndefined() {
    PartitionLog log = open("orders-0");
    log.startLeaderEpoch(3);
    log.append(batch(Compression.NONE, 0, 2, 1000), 3);
    assertThat(log.endOffsetForEpoch(2)).isEqualTo(EpochEndOffset.UNDEFINED);
    assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 2));
  }

  @Test
  void truncatingAcrossSegmentsKeepsTheLogReadableAndAppendable() {
    PartitionLog log = PartitionLog.open(tmp.resolve("small-0"), LogConfig.of(Map.of("segment.bytes", "200")), clock);
    open.add(log);
    for (int i = 0; i < 10; i++) {
      log.append(batch(Compression.NONE, i * 2, 2, 1000), 0);
    }
    assertThat(log.numberOfSegments()).isGreaterThan(2);
    log.truncateTo(7);
    assertThat(log.logEndOffset()).isEqualTo(6); // the batch holding 7 starts at 6
    assertThat(log.append(batch(Compression.NONE, 6, 3, 1000), 1).firstOffset()).isEqualTo(6);
    List<KafkaBatches.Read> read = KafkaBatches.readAll(log);
    assertThat(read).extracting(KafkaBatches.Read::value).containsExactly("value-0", "value-1", "value-2",
        "value-3", "value-4", "value-5", "value-6", "value-7", "value-8");
  }
}
