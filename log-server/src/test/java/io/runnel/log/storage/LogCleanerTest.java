package io.runnel.log.storage;

import static io.runnel.log.storage.KafkaBatches.keyed;
import static io.runnel.log.storage.KafkaBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogCleanerTest {
  @TempDir Path tmp;
  final ManualClock clock = new ManualClock(1_700_000_000_000L);
  PartitionLog log;

  static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact", "segment.bytes", "600",
      "delete.retention.ms", "60000", "file.delete.delay.ms", "0");

  PartitionLog open() {
    log = PartitionLog.open(tmp.resolve("users-0"), LogConfig.of(COMPACT), clock);
    return log;
  }

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  final Map<String, String> lastValue = new LinkedHashMap<>();

  /**
   * Writes rounds of updates to keys k0..k9 in pairs, then one batch updating the odd keys again, so
   * that the last round's batches are half obsolete and must be rewritten with their codec. Returns
   * the offset of each key's last write.
   */
  private Map<String, Long> writeUpdates(Compression codec, int rounds) {
    Map<String, Long> lastOffset = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < 10; k += 2) {
        String v0 = "v" + round + "-" + k;
        String v1 = "v" + round + "-" + (k + 1);
        long offset = log.append(keyed(codec, clock.millis(), "k" + k, v0, "k" + (k + 1), v1), 0).firstOffset();
        lastOffset.put("k" + k, offset);
        lastOffset.put("k" + (k + 1), offset + 1);
        lastValue.put("k" + k, v0);
        lastValue.put("k" + (k + 1), v1);
      }
    }
    long offset = log.append(keyed(codec, clock.millis(), "k1", "odd", "k3", "odd", "k5", "odd", "k7", "odd",
        "k9", "odd"), 0).firstOffset();
    for (int k = 1; k < 10; k += 2) {
      lastOffset.put("k" + k, offset++);
      lastValue.put("k" + k, "odd");
    }
    return lastOffset;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void keepsTheLatestValuePerKeyAtItsOriginalOffset(Compression codec) {
    open();
    Map<String, Long> last = writeUpdates(codec, 6);
    log.roll();
    long end = log.logEndOffset();
    LogCleaner.Result result = LogCleaner.clean(log);
    assertThat(result.segmentsRewritten()).isPositive();
    assertThat(result.bytesAfter()).isLessThan(result.bytesBefore());

    List<KafkaBatches.Read> after = readAll(log);
    assertThat(after).hasSize(10);
    for (KafkaBatches.Read r : after) {
      assertThat(r.offset()).as("offset of %s", r.key()).isEqualTo(last.get(r.key()));
      assertThat(r.value()).isEqualTo(lastValue.get(r.key()));
    }
    assertThat(log.logEndOffset()).isEqualTo(end);
    assertThat(log.append(keyed(codec, clock.millis(), "k0", "new"), 0).firstOffset()).isEqualTo(end);
  }

  @Test
  void neverTouchesTheActiveSegment() {
    open();
    writeUpdates(Compression.NONE, 3);
    // the active segment holds duplicates of k0 and k1 too
    log.append(keyed(Compression.NONE, clock.millis(), "k0", "a", "k0", "b"), 0);
    long activeBase = log.segmentSizes().keySet().stream().reduce((a, b) -> b).orElseThrow();
    LogCleaner.clean(log);
    List<KafkaBatches.Read> fromActive = readAll(log).stream().filter(r -> r.offset() >= activeBase).toList();
    assertThat(fromActive).extracting(KafkaBatches.Read::value).contains("a", "b");
  }

  @Test
  void dropsTombstonesOnlyAfterDeleteRetention() {
    open();
    log.append(keyed(Compression.ZSTD, clock.millis(), "gone", "v1", "kept", "v1"), 0);
    log.append(keyed(Compression.ZSTD, clock.millis(), "gone", null), 0);
    log.roll();
    LogCleaner.clean(log);
    assertThat(readAll(log)).extracting(KafkaBatches.Read::key, KafkaBatches.Read::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kept", "v1"),
            org.assertj.core.groups.Tuple.tuple("gone", null));
    clock.advance(60_001);
    log.append(keyed(Compression.ZSTD, clock.millis(), "other", "x"), 0);
    log.roll();
    LogCleaner.clean(log);
    assertThat(readAll(log)).extracting(KafkaBatches.Read::key).containsExactly("kept", "other");
  }

  @Test
  void compactedLogReopensAndRecoversTheSame() {
    open();
    writeUpdates(Compression.GZIP, 5);
    log.roll();
    LogCleaner.clean(log);
    List<KafkaBatches.Read> before = readAll(log);
    log.close();
    open();
    assertThat(readAll(log)).isEqualTo(before);
  }

  @Test
  void aCrashDuringCleaningLeavesEitherTheOldOrTheNewSegment() throws IOException {
    open();
    writeUpdates(Compression.SNAPPY, 5);
    log.roll();
    List<KafkaBatches.Read> uncleaned = readAll(log);
    Path dir = log.dir();
    log.close();
    log = null;

    // A crash while writing the .cleaned file: it is discarded on open.
    Files.write(dir.resolve(LogSegment.fileName(0, ".log.cleaned")), new byte[] {1, 2, 3});
    Files.write(dir.resolve(LogSegment.fileName(0, ".index.cleaned")), new byte[] {1});
    open();
    assertThat(readAll(log)).isEqualTo(uncleaned);
    log.close();

    // A crash after the rename to .swap: the swap is completed on open.
    Path copy = tmp.resolve("copy");
    copyDir(dir, copy);
    PartitionLog cleanedCopy = PartitionLog.open(copy, LogConfig.of(COMPACT), clock);
    assertThat(LogCleaner.clean(cleanedCopy).segmentsRewritten()).isPositive();
    cleanedCopy.close();
    int swaps = 0;
    try (Stream<Path> files = Files.list(copy)) {
      for (Path cleanedFile : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Path original = dir.resolve(cleanedFile.getFileName());
        if (Files.exists(original) && Files.size(cleanedFile) < Files.size(original)) {
          Files.copy(cleanedFile, dir.resolve(cleanedFile.getFileName() + ".swap"));
          swaps++;
        }
      }
    }
    assertThat(swaps).isPositive();
    open();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".swap") || n.endsWith(".cleaned"));
    }
    // every key still reads its latest value, and the swapped segments lost their old duplicates
    Map<String, String> latest = new LinkedHashMap<>();
    List<KafkaBatches.Read> afterSwap = readAll(log);
    afterSwap.forEach(r -> latest.put(r.key(), r.value()));
    assertThat(latest).isEqualTo(lastValue);
    assertThat(afterSwap.size()).isLessThan(uncleaned.size());
    assertThat(uncleaned).containsAll(afterSwap);
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().startsWith(".")) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }
}
