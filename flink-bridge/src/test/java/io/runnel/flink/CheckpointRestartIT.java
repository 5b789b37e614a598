package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that fails after a checkpoint restarts from it: the counts in keyed state come back, the
 * sources resume at the checkpointed offsets, and the final table counts every line exactly once
 * (no loss, no double counting).
 */
class CheckpointRestartIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      LogFixture.miniCluster();

  /** How many times a "boom" reached the failing peek (the first one throws). */
  static final AtomicInteger FAILURES = new AtomicInteger();

  @TempDir Path logDir;

  private static Topology failingOnceWordCount() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lines", Consumed.with(S, S))
        .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .peek(
            (key, word) -> {
              if (word.equals("boom") && FAILURES.getAndIncrement() == 0) {
                throw new IllegalStateException("injected failure");
              }
            })
        .groupBy((key, word) -> word, Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("counts", Produced.with(S, L));
    return builder.build();
  }

  private static Object[] line(int i, String text) {
    return new Object[] {"l" + i, text, 1000L * i};
  }

  private static Map<String, Long> counts(List<String> lines) {
    Map<String, Long> counts = new HashMap<>();
    for (String line : lines) {
      for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
        counts.merge(word, 1L, Long::sum);
      }
    }
    return counts;
  }

  @Test
  void aFailedJobRestartsFromItsCheckpointWithoutLossOrDoubleCounting() throws Exception {
    try (LogFixture log = new LogFixture(logDir)) {
      log.createTopics(2, "lines", "counts");
      List<String> first = List.of("red green blue", "green blue", "blue");
      List<String> second = List.of("red boom", "green red", "blue boom");
      List<Object[]> records = new ArrayList<>();
      for (int i = 0; i < first.size(); i++) {
        records.add(line(i, first.get(i)));
      }
      log.produce("lines", records);
      Map<String, String> config =
          Map.of(
              "application.id",
              "wc-restart",
              "bootstrap.servers",
              log.servers(),
              FlinkRunner.PARALLELISM,
              "2",
              FlinkRunner.CHECKPOINT_INTERVAL_MS,
              "500");

      try (FlinkJob job = FlinkRunner.start(failingOnceWordCount(), config)) {
        Map<String, Long> afterFirst =
            log.table(
                "counts", S::deserialize, L::deserialize, counts(first), Duration.ofSeconds(40));
        assertThat(afterFirst).isEqualTo(counts(first));
        // Offsets are committed when a checkpoint completes: wait for one past the first lines.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (log.committed("wc-restart") < first.size()
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(log.committed("wc-restart")).isEqualTo(first.size());

        records.clear();
        for (int i = 0; i < second.size(); i++) {
          records.add(line(first.size() + i, second.get(i)));
        }
        log.produce("lines", records);
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        Map<String, Long> finalTable =
            log.table(
                "counts", S::deserialize, L::deserialize, counts(all), Duration.ofSeconds(40));

        // The first "boom" always throws; after the restart both "boom" lines pass again.
        assertThat(FAILURES.get()).isGreaterThanOrEqualTo(3);
        assertThat(finalTable).isEqualTo(counts(all)).containsEntry("blue", 4L);
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      }
    }
  }
}
