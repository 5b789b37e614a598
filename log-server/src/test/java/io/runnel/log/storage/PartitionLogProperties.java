package io.runnel.log.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random appends, rolls, clean reopenings and crash reopenings (the old instance abandoned, as a
 * killed process leaves it) always read back exactly what was appended, at the same offsets.
 */
class PartitionLogProperties {

  sealed interface Op permits Append, Roll, Reopen, CrashReopen {}

  record Append(Compression codec, int records, int valueSize) implements Op {}

  record Roll() implements Op {}

  record Reopen() implements Op {}

  record CrashReopen() implements Op {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> append = Combinators.combine(Arbitraries.of(Compression.class), Arbitraries.integers().between(1, 30),
        Arbitraries.integers().between(0, 300)).as(Append::new);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, append),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Roll())),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new CrashReopen())));
    return op.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 60, seed = "20261125")
  void readsBackExactlyWhatWasAppended(@ForAll("operations") List<Op> ops,
      @ForAll @IntRange(min = 300, max = 6000) int segmentBytes,
      @ForAll @IntRange(min = 0, max = 2000) int indexInterval) throws IOException {
    Path dir = Files.createTempDirectory("prop").resolve("p-0");
    LogConfig config = LogConfig.of(Map.of("segment.bytes", Integer.toString(segmentBytes),
        "index.interval.bytes", Integer.toString(indexInterval)));
    ManualClock clock = new ManualClock(1_000_000);
    List<String> expected = new ArrayList<>();
    PartitionLog log = PartitionLog.open(dir, config, clock);
    try {
      for (Op op : ops) {
        if (op instanceof Append a) {
          var builder = BatchBuilder.create(a.codec());
          for (int i = 0; i < a.records(); i++) {
            String value = expected.size() + i + ":" + "x".repeat(a.valueSize());
            builder.add(clock.millis(), KafkaBatches.bytes("k" + i), KafkaBatches.bytes(value));
          }
          AppendResult r = log.append(builder.build(0), 0);
          assertThat(r.firstOffset()).isEqualTo(expected.size());
          for (int i = 0; i < a.records(); i++) {
            expected.add(expected.size() + ":" + "x".repeat(a.valueSize()));
          }
          clock.advance(1);
        } else if (op instanceof Roll) {
          log.roll();
        } else if (op instanceof Reopen) {
          log.close();
          log = PartitionLog.open(dir, config, clock);
        } else {
          // crash: the old instance is abandoned unflushed and unclosed, as a killed process leaves it
          log = PartitionLog.open(dir, config, clock);
        }
        assertThat(log.logEndOffset()).isEqualTo(expected.size());
      }
      List<KafkaBatches.Read> read = KafkaBatches.readAll(log);
      assertThat(read).extracting(KafkaBatches.Read::value).containsExactlyElementsOf(expected);
      for (int i = 0; i < read.size(); i++) {
        assertThat(read.get(i).offset()).isEqualTo(i);
      }
    } finally {
      log.close();
      try (Stream<Path> walk = Files.walk(dir.getParent())) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
