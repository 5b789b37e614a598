package io.runnel.log.storage;

import static io.runnel.log.storage.KafkaBatches.batch;
import static io.runnel.log.storage.KafkaBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PartitionLogTest {
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock(1_700_000_000_000L);
  PartitionLog log;

  PartitionLog open(Map<String, String> config) {
    log = PartitionLog.open(tmp.resolve("orders-0"), LogConfig.of(config), clock);
    return log;
  }

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void appendsAssignDenseOffsetsAndReadBackAsKafkaDecodes(Compression codec) {
    open(Map.of());
    AppendResult first = log.append(batch(codec, 0, 10, 1000), 7);
    AppendResult second = log.append(batch(codec, 10, 5, 2000), 7);
    assertThat(first.firstOffset()).isZero();
    assertThat(first.lastOffset()).isEqualTo(9);
    assertThat(second.firstOffset()).isEqualTo(10);
    assertThat(second.lastOffset()).isEqualTo(14);
    assertThat(log.logEndOffset()).isEqualTo(15);

    List<KafkaBatches.Read> read = readAll(log);
    assertThat(read).hasSize(15);
    for (int i = 0; i < 15; i++) {
      assertThat(read.get(i).offset()).isEqualTo(i);
      assertThat(read.get(i).value()).isEqualTo("value-" + i);
    }
    ByteBuffer stored = log.read(10, 1 << 20).slice().orElseThrow().readFully();
    assertThat(new RecordBatch(stored, 0).partitionLeaderEpoch()).isEqualTo(7);
  }

  @Test
  void readStartsAtTheBatchHoldingTheOffsetAndIsEmptyAtTheEnd() {
    open(Map.of("index.interval.bytes", "100"));
    for (int i = 0; i < 50; i++) {
      log.append(batch(Compression.NONE, i * 4, 4, i), 0);
    }
    for (long offset : new long[] {0, 1, 77, 101, 199}) {
      ByteBuffer bytes = log.read(offset, 1).slice().orElseThrow().readFully();
      RecordBatch first = new RecordBatch(bytes, 0);
      assertThat(first.baseOffset()).isLessThanOrEqualTo(offset);
      assertThat(first.lastOffset()).isGreaterThanOrEqualTo(offset);
      assertThat(bytes.remaining()).as("at least the whole first batch").isEqualTo(first.sizeInBytes());
    }
    assertThat(log.read(200, 1024).slice()).isEmpty();
    assertThatThrownBy(() -> log.read(201, 1024))
        .isInstanceOf(OffsetOutOfRangeException.class)
        .hasMessageContaining("offset 201 is out of range for partition orders-0");
  }

  @Test
  void readStopsAtTheUpperBound() {
    open(Map.of());
    log.append(batch(Compression.NONE, 0, 3, 0), 0);
    log.append(batch(Compression.NONE, 3, 3, 0), 0);
    ByteBuffer bytes = log.read(0, 1 << 20, 3).slice().orElseThrow().readFully();
    assertThat(KafkaBatches.decode(bytes)).extracting(KafkaBatches.Read::offset).containsExactly(0L, 1L, 2L);
    assertThat(log.read(3, 1 << 20, 3).slice()).isEmpty();
  }

  @Test
  void rollsOnSegmentBytesAndSegmentMs() {
    open(Map.of("segment.bytes", "1000", "segment.ms", "60000"));
    for (int i = 0; i < 20; i++) {
      log.append(batch(Compression.NONE, i * 5, 5, 0), 0);
    }
    int bySize = log.numberOfSegments();
    assertThat(bySize).isGreaterThan(3);
    assertThat(log.segmentSizes().values()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1000));
    clock.advance(60_000);
    log.append(batch(Compression.NONE, 100, 1, 0), 0);
    assertThat(log.numberOfSegments()).isEqualTo(bySize + 1);
    assertThat(Files.exists(log.dir().resolve("00000000000000000100.log"))).isTrue();
    assertThat(readAll(log)).hasSize(101);
  }

  @Test
  void findsOffsetsByTimestampWithListOffsetsSemantics() {
    open(Map.of("segment.bytes", "1500", "index.interval.bytes", "200"));
    for (int i = 0; i < 40; i++) {
      log.append(batch(Compression.GZIP, i * 3, 3, 10_000 + i * 100L), 0);
    }
    assertThat(log.offsetForTimestamp(TimestampOffset.EARLIEST)).contains(new TimestampOffset(-1, 0));
    assertThat(log.offsetForTimestamp(TimestampOffset.LATEST)).contains(new TimestampOffset(-1, 120));
    // batch i holds offsets 3i..3i+2 with timestamps 10000 + 100i + 0..2
    assertThat(log.offsetForTimestamp(10_000 + 2_500 + 1)).contains(new TimestampOffset(12_501, 76));
    assertThat(log.offsetForTimestamp(10_000 + 2_500 + 3)).contains(new TimestampOffset(12_600, 78));
    assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(10_000, 0));
    assertThat(log.offsetForTimestamp(TimestampOffset.MAX_TIMESTAMP)).contains(new TimestampOffset(13_902, 119));
    assertThat(log.offsetForTimestamp(99_999)).isEmpty();
  }

  @Test
  void aBadBatchIsRejectedWithAReasonAndNothingIsWritten() {
    open(Map.of("max.message.bytes", "4000"));
    log.append(batch(Compression.NONE, 0, 2, 0), 0);
    long size = log.size();

    ByteBuffer badCrc = batch(Compression.NONE, 0, 2, 0);
    badCrc.put(badCrc.limit() - 1, (byte) (badCrc.get(badCrc.limit() - 1) ^ 1));
    ByteBuffer good = batch(Compression.NONE, 0, 2, 0);
    ByteBuffer goodThenBad = ByteBuffer.allocate(good.remaining() + badCrc.remaining()).put(good).put(badCrc).flip();
    assertThatThrownBy(() -> log.append(goodThenBad, 0))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("batch 1 of the append to orders-0 has CRC");

    ByteBuffer oldMagic = batch(Compression.NONE, 0, 2, 0);
    oldMagic.put(RecordBatch.MAGIC, (byte) 1);
    assertThatThrownBy(() -> log.append(oldMagic, 0)).hasMessageContaining("magic 1");

    ByteBuffer truncated = batch(Compression.NONE, 0, 2, 0);
    truncated.limit(truncated.limit() - 3);
    assertThatThrownBy(() -> log.append(truncated, 0)).hasMessageContaining("claims a length");

    ByteBuffer header = batch(Compression.NONE, 0, 2, 0).limit(30);
    assertThatThrownBy(() -> log.append(header, 0)).hasMessageContaining("is truncated: 30 bytes");

    ByteBuffer tooBig = batch(Compression.NONE, 0, 300, 0);
    assertThatThrownBy(() -> log.append(tooBig, 0))
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("max.message.bytes=4000");

    ByteBuffer wrongCount = BatchBuilder.create(Compression.NONE).add(0, new byte[1], new byte[1])
        .add(0, new byte[1], new byte[1]).lastOffsetDelta(5).build(0);
    assertThatThrownBy(() -> log.append(wrongCount, 0)).hasMessageContaining("last offset delta is 5 (expected 1)");

    assertThat(log.size()).isEqualTo(size);
    assertThat(log.logEndOffset()).isEqualTo(2);
  }

  @Test
  void logAppendTimeStampsEachBatchWithTheLogsClock() {
    open(Map.of("message.timestamp.type", "LogAppendTime"));
    log.append(batch(Compression.LZ4, 0, 3, 1000), 0);
    ByteBuffer stored = log.read(0, 1 << 20).slice().orElseThrow().readFully();
    RecordBatch b = new RecordBatch(stored, 0);
    assertThat(b.isLogAppendTime()).isTrue();
    assertThat(b.maxTimestamp()).isEqualTo(clock.millis());
    assertThat(b.isCrcValid()).isTrue();
    // kafka-clients reports the log append time for every record of such a batch
    assertThat(KafkaBatches.decode(stored)).extracting(KafkaBatches.Read::timestamp)
        .containsOnly(clock.millis());
  }

  @Test
  void aCompactedTopicRefusesRecordsWithoutAKey() {
    open(Map.of("cleanup.policy", "compact"));
    ByteBuffer keyless = BatchBuilder.create(Compression.LZ4).add(0, null, new byte[] {1}).build(0);
    assertThatThrownBy(() -> log.append(keyless, 0))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("a compacted topic needs a key on every record");
  }

  @Test
  void reopensWithEverythingAfterACleanClose() {
    open(Map.of("segment.bytes", "3000"));
    for (int i = 0; i < 30; i++) {
      log.append(batch(Compression.SNAPPY, i * 10, 10, i), 0);
    }
    int segments = log.numberOfSegments();
    log.close();
    open(Map.of("segment.bytes", "3000"));
    assertThat(log.numberOfSegments()).isEqualTo(segments);
    assertThat(log.logEndOffset()).isEqualTo(300);
    assertThat(log.recoveryPoint()).isEqualTo(300);
    assertThat(readAll(log)).extracting(KafkaBatches.Read::offset).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 300).boxed().toList());
    assertThat(log.append(batch(Compression.NONE, 300, 1, 0), 0).firstOffset()).isEqualTo(300);
  }

  @Test
  void retentionByTimeDeletesOldSegmentsAndMovesTheLogStart() {
    open(Map.of("segment.bytes", "1000", "retention.ms", "60000", "file.delete.delay.ms", "0"));
    long now = clock.millis();
    for (int i = 0; i < 10; i++) {
      log.append(batch(Compression.NONE, i * 5, 5, now - 120_000), 0);
    }
    log.roll();
    for (int i = 10; i < 12; i++) {
      log.append(batch(Compression.NONE, i * 5, 5, now), 0);
    }
    int deleted = log.enforceRetention();
    assertThat(deleted).isGreaterThan(0);
    assertThat(log.logStartOffset()).isEqualTo(50);
    assertThatThrownBy(() -> log.read(10, 100)).isInstanceOf(OffsetOutOfRangeException.class);
    assertThat(readAll(log)).extracting(KafkaBatches.Read::offset).containsExactly(50L, 51L, 52L, 53L, 54L, 55L,
        56L, 57L, 58L, 59L);
    log.close();
    open(Map.of());
    assertThat(log.logStartOffset()).isEqualTo(50);
    assertThat(log.offsetForTimestamp(TimestampOffset.EARLIEST)).contains(new TimestampOffset(-1, 50));
  }

  @Test
  void retentionDeletesAnExpiredActiveSegmentByRollingIt() {
    open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "0"));
    log.append(batch(Compression.NONE, 0, 5, clock.millis()), 0);
    clock.advance(5000);
    assertThat(log.enforceRetention()).isEqualTo(1);
    assertThat(log.logStartOffset()).isEqualTo(5);
    assertThat(log.logEndOffset()).isEqualTo(5);
    assertThat(log.append(batch(Compression.NONE, 0, 1, clock.millis()), 0).firstOffset()).isEqualTo(5);
  }

  @Test
  void retentionBySizeKeepsTheNewestBytes() {
    open(Map.of("segment.bytes", "1000", "retention.bytes", "2500", "retention.ms", "-1"));
    for (int i = 0; i < 60; i++) {
      log.append(batch(Compression.NONE, i, 1, clock.millis()), 0);
    }
    long before = log.size();
    assertThat(before).isGreaterThan(2500);
    log.enforceRetention();
    assertThat(log.size()).isLessThanOrEqualTo(2500 + 1000);
    assertThat(log.size()).isGreaterThanOrEqualTo(2500 - 1000);
    assertThat(log.logStartOffset()).isGreaterThan(0);
    assertThat(readAll(log).get(0).offset()).isEqualTo(log.logStartOffset());
  }

  @Test
  void retentionIsOffForCompactOnlyTopics() {
    open(Map.of("cleanup.policy", "compact", "retention.ms", "1", "segment.bytes", "500"));
    for (int i = 0; i < 10; i++) {
      log.append(KafkaBatches.keyed(Compression.NONE, 0, "k" + i, "v"), 0);
    }
    clock.advance(10_000);
    assertThat(log.enforceRetention()).isZero();
    assertThat(log.logStartOffset()).isZero();
  }

  @Test
  void deleteRecordsMovesTheLogStartAndDropsWholeSegments() {
    open(Map.of("segment.bytes", "1000", "file.delete.delay.ms", "0"));
    for (int i = 0; i < 30; i++) {
      log.append(batch(Compression.NONE, i * 2, 2, 0), 0);
    }
    int segments = log.numberOfSegments();
    assertThat(log.deleteRecordsBefore(33)).isEqualTo(33);
    assertThat(log.numberOfSegments()).isLessThan(segments);
    assertThatThrownBy(() -> log.read(32, 100)).isInstanceOf(OffsetOutOfRangeException.class);
    assertThat(readAll(log).get(0).offset()).isEqualTo(33);
    assertThatThrownBy(() -> log.deleteRecordsBefore(61)).isInstanceOf(OffsetOutOfRangeException.class);
  }

  @Test
  void flushMessagesMovesTheRecoveryPoint() {
    open(Map.of("flush.messages", "3"));
    log.append(batch(Compression.NONE, 0, 2, 0), 0);
    assertThat(log.recoveryPoint()).isZero();
    log.append(batch(Compression.NONE, 2, 2, 0), 0);
    assertThat(log.recoveryPoint()).isEqualTo(4);
    assertThat(LogCheckpoint.read(log.dir()).recoveryPoint()).isEqualTo(4);
  }

  @Test
  void flushMsIsCheckedOnDemand() {
    open(Map.of("flush.ms", "1000"));
    log.append(batch(Compression.NONE, 0, 2, 0), 0);
    log.flushIfDue();
    assertThat(log.recoveryPoint()).isZero();
    clock.advance(1000);
    log.flushIfDue();
    assertThat(log.recoveryPoint()).isEqualTo(2);
  }

  @Test
  void anUpdatedConfigAppliesToTheNextAppend() {
    open(Map.of());
    log.append(batch(Compression.NONE, 0, 2, 0), 0);
    log.updateConfig(log.config().with(Map.of("max.message.bytes", "10")));
    assertThatThrownBy(() -> log.append(batch(Compression.NONE, 0, 2, 0), 0))
        .isInstanceOf(RecordTooLargeException.class);
    assertThat(log.offsetForTimestamp(TimestampOffset.LATEST)).isEqualTo(Optional.of(new TimestampOffset(-1, 2)));
  }
}
