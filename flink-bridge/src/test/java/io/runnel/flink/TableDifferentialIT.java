package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.RunnelStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables and joins on the native runtime (RunnelStreams, kafka backend) and on Flink (a
 * MiniCluster, parallelism 2) over the same input in a real log-server: the final tables of the
 * outputs must be equal, and equal to the hand-computed ones.
 */
class TableDifferentialIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      LogFixture.miniCluster();

  private static final Duration PATIENCE = Duration.ofSeconds(40);

  @TempDir static Path logDir;
  @TempDir Path stateDir;
  private static LogFixture log;

  @BeforeAll
  static void startLog() {
    log = new LogFixture(logDir);
  }

  @AfterAll
  static void stopLog() {
    log.close();
  }

  private Map<String, String> nativeConfig(String app) {
    return log.nativeConfig(app, stateDir);
  }

  private Map<String, String> flinkConfig(String app) {
    return log.flinkConfig(app, 1000);
  }

  private static Map<String, Long> counts(String topic, Map<String, Long> expected) {
    return log.table(topic, S::deserialize, L::deserialize, expected, PATIENCE);
  }

  private static Map<String, String> texts(String topic, Map<String, String> expected) {
    return log.table(topic, S::deserialize, S::deserialize, expected, PATIENCE);
  }

  private static Object[] row(String key, String value, long timestamp) {
    return new Object[] {key, value, timestamp};
  }

  @Test
  void aRegroupedTableCountsUsersWhoMoveOnlyInTheirNewRegion() throws Exception {
    log.createTopics(
        2, "rc-users", "rc-native", "rc-flink", "rc-native-names", "rc-flink-names");
    try (RunnelStreams app =
            new RunnelStreams(
                Topologies.regionCounts("rc-users", "rc-native"), nativeConfig("rc-native"));
        FlinkJob job =
            FlinkRunner.start(
                Topologies.regionCounts("rc-users", "rc-flink"), flinkConfig("rc-flink"))) {
      app.start();
      log.produce(
          "rc-users",
          List.of(
              row("alice", "North", 1000),
              row("bob", "north", 1000),
              row("carol", "South", 1000),
              row("dave", "East", 1000),
              row("gina", "West", 1000)));
      Map<String, Long> before = Map.of("north", 2L, "south", 1L, "east", 1L, "west", 1L);
      Map<String, String> namesBefore =
          Map.of("north", "alice,bob", "south", "carol", "east", "dave", "west", "gina");
      // Both runtimes aggregated the first rows before the moves: the moves are updates for sure.
      for (String runtime : List.of("rc-native", "rc-flink")) {
        assertThat(counts(runtime, before)).as(runtime).isEqualTo(before);
        assertThat(texts(runtime + "-names", namesBefore)).as(runtime).isEqualTo(namesBefore);
      }
      log.produce(
          "rc-users",
          List.of(
              row("alice", "South", 2000), // north -1, south +1
              row("bob", "nowhere", 2000), // filtered out: leaves north
              row("carol", null, 2000), // deleted: leaves south
              row("erin", "EAST", 2000),
              row("dave", "North", 3000), // east -1, north +1
              row("gina", "north", 3000), // west drops to 0
              row("frank", "south", 3000)));
      Map<String, Long> after = Map.of("north", 2L, "south", 2L, "east", 1L, "west", 0L);

      Map<String, String> namesAfter =
          Map.of("north", "dave,gina", "south", "alice,frank", "east", "erin", "west", "");

      Map<String, Long> nativeTable = counts("rc-native", after);
      Map<String, Long> flinkTable = counts("rc-flink", after);
      assertThat(nativeTable).isEqualTo(after);
      assertThat(flinkTable).isEqualTo(nativeTable);
      Map<String, String> nativeNames = texts("rc-native-names", namesAfter);
      Map<String, String> flinkNames = texts("rc-flink-names", namesAfter);
      assertThat(nativeNames).isEqualTo(namesAfter);
      assertThat(flinkNames).isEqualTo(nativeNames);
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
  }

  @Test
  void streamTableAndTableTableJoinsGiveTheSameTables() throws Exception {
    log.createTopics(2, "j-users", "j-plans", "j-clicks", "j-views");
    for (String runtime : List.of("j-native", "j-flink")) {
      log.createTopics(
          2,
          runtime + "-users",
          runtime + "-inner",
          runtime + "-left",
          runtime + "-tables",
          runtime + "-tables-inner",
          runtime + "-tables-left",
          runtime + "-views",
          runtime + "-counted",
          runtime + "-rekeyed");
    }
    log.produce(
        "j-users",
        List.of(
            row("alice", "north", 1000),
            row("bob", "north", 1000),
            row("carol", "south", 1000),
            row("alice", "south", 2000), // moves
            row("carol", null, 2000), // deleted
            row("dave", "east", 2000)));
    log.produce(
        "j-plans",
        List.of(
            row("alice", "gold", 1000),
            row("erin", "silver", 1000),
            row("bob", "basic", 1000),
            row("bob", null, 2000))); // cancelled
    log.produce(
        "j-views",
        List.of(
            row("alice", "home", 1000),
            row("bob", "home", 1000),
            row("alice", "faq", 1500),
            row("alice", "pay", 2000)));
    Map<String, Long> views = Map.of("alice", 3L, "bob", 1L);
    Map<String, String> counted = Map.of("alice", "home#3", "bob", "cart#1");
    Map<String, String> users = Map.of("alice", "south", "bob", "north", "dave", "east");
    Map<String, String> tables =
        Map.of(
            "alice", "south/gold",
            "bob", "north/null",
            "dave", "east/null",
            "erin", "null/silver"); // carol's row came and went
    Map<String, String> tablesInner = Map.of("alice", "south/gold");
    Map<String, String> tablesLeft =
        Map.of("alice", "south/gold", "bob", "north/null", "dave", "east/null");
    Map<String, String> inner =
        Map.of("alice", "home@south", "bob", "cart@north", "dave", "pay@east");
    Map<String, String> left =
        Map.of(
            "alice", "home@south",
            "bob", "cart@north",
            "dave", "pay@east",
            "carol", "faq@null",
            "zed", "home@null");

    try (RunnelStreams app =
            new RunnelStreams(
                Topologies.joins("j-clicks", "j-users", "j-plans", "j-views", "j-native"),
                nativeConfig("j-native"));
        FlinkJob job =
            FlinkRunner.start(
                Topologies.joins("j-clicks", "j-users", "j-plans", "j-views", "j-flink"),
                flinkConfig("j-flink"))) {
      app.start();
      // Clicks only once both runtimes hold the whole tables, so every click sees them.
      for (String runtime : List.of("j-native", "j-flink")) {
        assertThat(texts(runtime + "-users", users)).as(runtime + " users").isEqualTo(users);
        assertThat(counts(runtime + "-views", views)).as(runtime + " views").isEqualTo(views);
      }
      log.produce(
          "j-clicks",
          List.of(
              row("alice", "home", 3000),
              row("bob", "cart", 3000),
              row("carol", "faq", 3000), // no longer a user
              row("zed", "home", 3000), // never a user
              row("dave", "pay", 3000)));

      for (String runtime : List.of("j-native", "j-flink")) {
        assertThat(texts(runtime + "-inner", inner)).as(runtime + " inner").isEqualTo(inner);
        assertThat(texts(runtime + "-left", left)).as(runtime + " left").isEqualTo(left);
        assertThat(texts(runtime + "-tables", tables)).as(runtime + " tables").isEqualTo(tables);
        assertThat(texts(runtime + "-tables-inner", tablesInner))
            .as(runtime + " tables inner")
            .isEqualTo(tablesInner);
        assertThat(texts(runtime + "-tables-left", tablesLeft))
            .as(runtime + " tables left")
            .isEqualTo(tablesLeft);
        assertThat(texts(runtime + "-rekeyed", inner))
            .as(runtime + " rekeyed")
            .isEqualTo(inner);
        assertThat(texts(runtime + "-counted", counted))
            .as(runtime + " counted")
            .isEqualTo(counted);
      }
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
  }
}
