package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Consumed;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.processor.StoreBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user processor's store is Flink keyed state restored from the checkpoint: a job that fails
 * after a checkpoint restarts, and the processor's per-key counts continue from the checkpointed
 * ones (no loss, no double counting).
 */
class ProcessorRestartIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      LogFixture.miniCluster();

  /** How many times a "boom" reached the failing filter (the first one throws). */
  static final AtomicInteger BOOMS = new AtomicInteger();

  @TempDir Path logDir;

  /** {@link StatefulTopologies.SeenCounter} after a filter that throws at the first "boom". */
  private static Topology failingOnceCounter() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore("seen", S, L));
    builder.stream("events", Consumed.with(S, S))
        .filter(
            (key, value) -> {
              if (value.equals("boom") && BOOMS.getAndIncrement() == 0) {
                throw new IllegalStateException("injected failure");
              }
              return true;
            })
        .process(StatefulTopologies.SeenCounter::new, "seen")
        .to("seen-counts", Produced.with(S, L));
    return builder.build();
  }

  private static List<Object[]> events(String... keysAndValues) {
    List<Object[]> events = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      events.add(new Object[] {keysAndValues[i], keysAndValues[i + 1], 1000L + i});
    }
    return events;
  }

  @Test
  void aFailedJobRestartsWithTheProcessorsStoreFromItsCheckpoint() throws Exception {
    try (LogFixture log = new LogFixture(logDir)) {
      log.createTopics(2, "events", "seen-counts");
      List<Object[]> first = events("a", "x", "b", "x", "a", "y", "c", "x");
      log.produce("events", first);
      Map<String, String> config =
          Map.of(
              "application.id",
              "seen-restart",
              "bootstrap.servers",
              log.servers(),
              FlinkRunner.PARALLELISM,
              "2",
              FlinkRunner.CHECKPOINT_INTERVAL_MS,
              "500");

      try (FlinkJob job = FlinkRunner.start(failingOnceCounter(), config)) {
        Map<String, Long> afterFirst = Map.of("a", 2L, "b", 1L, "c", 1L);
        assertThat(
                log.table(
                    "seen-counts",
                    S::deserialize,
                    L::deserialize,
                    afterFirst,
                    Duration.ofSeconds(40)))
            .isEqualTo(afterFirst);
        // Offsets are committed when a checkpoint completes: wait for one past the first events.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (log.committed("seen-restart") < first.size()
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(log.committed("seen-restart")).isEqualTo(first.size());

        log.produce("events", events("a", "boom", "b", "x", "c", "boom", "a", "z"));
        Map<String, Long> all = new HashMap<>(Map.of("a", 4L, "b", 2L, "c", 2L));
        Map<String, Long> finalTable =
            log.table("seen-counts", S::deserialize, L::deserialize, all, Duration.ofSeconds(40));

        // The first "boom" always throws; after the restart both "boom" events pass again.
        assertThat(BOOMS.get()).isGreaterThanOrEqualTo(3);
        assertThat(finalTable).isEqualTo(all);
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      }
    }
  }
}
