package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.KeyValue;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table job that fails after a checkpoint restarts from it with the table's keyed state: users
 * who move after the restart are subtracted from the region the restored table says they were in.
 */
class TableCheckpointRestartIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      LogFixture.miniCluster();

  /** How many times the region "boom" reached the failing mapValues (the first one throws). */
  static final AtomicInteger FAILURES = new AtomicInteger();

  @TempDir Path logDir;

  private static Topology failingOnceRegionCounts() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.table("users", Consumed.with(S, S), Materialized.<String, String>as("users"))
        .mapValues(
            region -> {
              if (region.equals("boom") && FAILURES.getAndIncrement() == 0) {
                throw new IllegalStateException("injected failure");
              }
              return region;
            })
        .groupBy((user, region) -> KeyValue.pair(region, user), Grouped.with(S, S))
        .count(Materialized.<String, Long>as("region-counts").withValueSerde(L))
        .toStream()
        .to("region-counts", Produced.with(S, L));
    return builder.build();
  }

  private static Object[] row(String user, String region, long timestamp) {
    return new Object[] {user, region, timestamp};
  }

  @Test
  void aRestartedTableJobSubtractsMovesFromTheRestoredRegions() throws Exception {
    try (LogFixture log = new LogFixture(logDir)) {
      log.createTopics(2, "users", "region-counts");
      log.produce(
          "users",
          List.of(
              row("alice", "north", 1000), row("bob", "north", 1000), row("carol", "south", 1000)));
      Map<String, String> config =
          Map.of(
              "application.id",
              "rc-restart",
              "bootstrap.servers",
              log.servers(),
              FlinkRunner.PARALLELISM,
              "2",
              FlinkRunner.CHECKPOINT_INTERVAL_MS,
              "500");

      try (FlinkJob job = FlinkRunner.start(failingOnceRegionCounts(), config)) {
        Map<String, Long> before = Map.of("north", 2L, "south", 1L);
        assertThat(
                log.table(
                    "region-counts",
                    S::deserialize,
                    L::deserialize,
                    before,
                    Duration.ofSeconds(40)))
            .isEqualTo(before);
        // Offsets are committed when a checkpoint completes: wait for one past the first rows.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (log.committed("rc-restart") < 3 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(log.committed("rc-restart")).isEqualTo(3);

        log.produce(
            "users",
            List.of(
                row("alice", "south", 2000), // north -1, south +1
                row("bob", "boom", 2000), // fails the job once; north -1
                row("carol", "north", 2000))); // south -1, north +1
        Map<String, Long> after = Map.of("north", 1L, "south", 1L, "boom", 1L);
        Map<String, Long> finalTable =
            log.table(
                "region-counts", S::deserialize, L::deserialize, after, Duration.ofSeconds(40));

        // The first "boom" always throws; after the restart it passes.
        assertThat(FAILURES.get()).isGreaterThanOrEqualTo(2);
        assertThat(finalTable).isEqualTo(after);
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      }
    }
  }
}
