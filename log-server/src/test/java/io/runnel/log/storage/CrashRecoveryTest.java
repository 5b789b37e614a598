package io.runnel.log.storage;

import static io.runnel.log.storage.KafkaBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage at random byte positions of the active segment and its indexes: the reopened log is a
 * prefix of what was appended, serves nothing past the damage, and goes on appending. Seeded, so a
 * failure names the seed and position that reproduce it.
 */
class CrashRecoveryTest {
  private static final long SEED = 20261125L;
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock(1_700_000_000_000L);
  static final Map<String, String> CONFIG = Map.of("segment.bytes", "4000", "index.interval.bytes", "150");

  /** Batch boundaries (end positions in the active segment) and the records before each. */
  record Written(Path dir, long activeBase, List<Long> batchEnds, List<Long> nextOffsetAtEnd, long endOffset) {}

  private Written writeLog(Path dir, boolean cleanClose) {
    PartitionLog log = PartitionLog.open(dir, LogConfig.of(CONFIG), clock);
    Random random = new Random(SEED);
    int next = 0;
    for (int i = 0; i < 60; i++) {
      Compression codec = Compression.values()[random.nextInt(Compression.values().length)];
      int count = 1 + random.nextInt(6);
      log.append(KafkaBatches.batch(codec, next, count, 1000 + i), 0);
      next += count;
    }
    long activeBase = log.segmentSizes().keySet().stream().reduce((a, b) -> b).orElseThrow();
    List<Long> ends = new ArrayList<>();
    List<Long> nexts = new ArrayList<>();
    long offset = activeBase;
    while (true) {
      var slice = log.read(offset, 1).slice();
      if (slice.isEmpty()) {
        break;
      }
      RecordBatch b = new RecordBatch(slice.get().readFully(), 0);
      ends.add(slice.get().position() + b.sizeInBytes());
      nexts.add(b.nextOffset());
      offset = b.nextOffset();
    }
    if (cleanClose) {
      log.close();
    }
    // else: abandoned as a killed process leaves it; the files hold every write (page cache)
    return new Written(dir, activeBase, ends, nexts, next);
  }

  private static Path segmentFile(Path dir, long base, String suffix) {
    return dir.resolve(LogSegment.fileName(base, suffix));
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /** The offset the log must end at when the active segment is damaged at byte {@code position}. */
  private static long expectedEnd(Written w, long position) {
    long end = w.activeBase();
    for (int i = 0; i < w.batchEnds().size(); i++) {
      if (w.batchEnds().get(i) <= position) {
        end = w.nextOffsetAtEnd().get(i);
      }
    }
    return end;
  }

  private void checkPrefix(Path dir, long expectedEnd, String what) {
    try (PartitionLog log = PartitionLog.open(dir, LogConfig.of(CONFIG), clock)) {
      assertThat(log.logEndOffset()).as(what).isEqualTo(expectedEnd);
      List<KafkaBatches.Read> read = readAll(log);
      assertThat(read).as(what).hasSize((int) expectedEnd);
      for (int i = 0; i < read.size(); i++) {
        assertThat(read.get(i).offset()).as(what).isEqualTo(i);
        assertThat(read.get(i).value()).as(what).isEqualTo("value-" + i);
      }
      AppendResult after = log.append(KafkaBatches.batch(Compression.NONE, 0, 1, 0), 0);
      assertThat(after.firstOffset()).as(what + ": the next append follows the prefix").isEqualTo(expectedEnd);
    }
  }

  @Test
  void truncatingTheActiveSegmentAnywhereKeepsTheWholeBatchesBeforeTheCut() throws IOException {
    Written w = writeLog(tmp.resolve("t-0"), false);
    long size = Files.size(segmentFile(w.dir(), w.activeBase(), ".log"));
    Random random = new Random(SEED);
    for (int trial = 0; trial < 40; trial++) {
      long cut = trial == 0 ? 0 : random.nextLong(size + 1);
      Path copy = tmp.resolve("trunc-" + trial + "-0");
      copyDir(w.dir(), copy);
      try (FileChannel ch = FileChannel.open(segmentFile(copy, w.activeBase(), ".log"), StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      checkPrefix(copy, expectedEnd(w, cut), "seed " + SEED + ", truncated at byte " + cut);
    }
  }

  @Test
  void corruptingAByteOfTheActiveSegmentDropsThatBatchAndEverythingAfter() throws IOException {
    Written w = writeLog(tmp.resolve("c-0"), false);
    Path log = segmentFile(w.dir(), w.activeBase(), ".log");
    long size = Files.size(log);
    Random random = new Random(SEED + 1);
    int trials = 0;
    while (trials < 40) {
      long position = random.nextLong(size);
      int batch = 0;
      while (w.batchEnds().get(batch) <= position) {
        batch++;
      }
      long batchStart = batch == 0 ? 0 : w.batchEnds().get(batch - 1);
      long inBatch = position - batchStart;
      // baseOffset and partitionLeaderEpoch lie outside the CRC by the v2 format: damage there is not
      // detectable in general (Kafka's recovery has the same limit), so the trial targets the rest.
      if (inBatch < 8 || (inBatch >= 12 && inBatch < 16)) {
        continue;
      }
      trials++;
      Path copy = tmp.resolve("corrupt-" + trials + "-0");
      copyDir(w.dir(), copy);
      try (FileChannel ch = FileChannel.open(segmentFile(copy, w.activeBase(), ".log"), StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, position);
        b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8)))).rewind();
        ch.write(b, position);
      }
      checkPrefix(copy, expectedEnd(w, batchStart), "seed " + (SEED + 1) + ", byte " + position + " flipped");
    }
  }

  @Test
  void damagedIndexesAreRebuiltAfterACleanClose() throws IOException {
    Written w = writeLog(tmp.resolve("i-0"), true);
    Random random = new Random(SEED + 2);
    for (int trial = 0; trial < 30; trial++) {
      Path copy = tmp.resolve("index-" + trial + "-0");
      copyDir(w.dir(), copy);
      String suffix = trial % 2 == 0 ? ".index" : ".timeindex";
      Path index = segmentFile(copy, w.activeBase(), suffix);
      long size = Files.size(index);
      try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        if (trial % 3 == 0) {
          ch.truncate(random.nextLong(size + 1));
        } else if (size > 0) {
          long position = random.nextLong(size);
          ByteBuffer b = ByteBuffer.allocate(1);
          ch.read(b, position);
          b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8)))).rewind();
          ch.write(b, position);
        }
      }
      checkPrefix(copy, w.endOffset(), "seed " + (SEED + 2) + ", " + suffix + " damaged in trial " + trial);
    }
  }

  @Test
  void aMissingIndexIsRebuilt() throws IOException {
    Written w = writeLog(tmp.resolve("m-0"), true);
    Files.delete(segmentFile(w.dir(), 0, ".index"));
    Files.delete(segmentFile(w.dir(), 0, ".timeindex"));
    checkPrefix(w.dir(), w.endOffset(), "indexes of the first segment deleted");
    try (PartitionLog log = PartitionLog.open(w.dir(), LogConfig.of(CONFIG), clock)) {
      assertThat(Files.size(segmentFile(w.dir(), 0, ".index"))).isPositive();
      assertThat(log.offsetForTimestamp(1005)).map(TimestampOffset::timestamp).hasValue(1005L);
    }
  }
}
