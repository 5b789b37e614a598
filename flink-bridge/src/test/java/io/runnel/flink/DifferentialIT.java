package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;
import static io.runnel.flink.Topologies.WINDOWED;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Windowed;
import io.runnel.streams.RunnelStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same topology on the native runtime (RunnelStreams, kafka backend) and on Flink (a
 * MiniCluster, parallelism 2) over the same input in a real log-server: the final tables (latest
 * value per key of each output topic) must be equal, and equal to what the input implies.
 */
class DifferentialIT {
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

  private static String text(byte[] bytes) {
    return S.deserialize(bytes);
  }

  private static Long number(byte[] bytes) {
    return L.deserialize(bytes);
  }

  private static String window(byte[] bytes) {
    Windowed<String> w = WINDOWED.deserialize(bytes);
    return w.key() + "@" + w.start();
  }

  /**
   * The final table of {@code topic} once it is {@code expected} (or what it is after PATIENCE).
   */
  private static <K> Map<K, Long> table(
      String topic, Function<byte[], K> key, Map<K, Long> expected) {
    return log.table(topic, key, DifferentialIT::number, expected, PATIENCE);
  }

  @Test
  void wordCountGivesTheSameCounts() throws Exception {
    log.createTopics(2, "lines", "wc-native", "wc-flink");
    List<String> lines =
        List.of(
            "the quick brown fox",
            "jumps over the lazy dog",
            "The dog barks, the fox runs",
            "quick quick QUICK",
            "a fox is a fox");
    log.produce(
        "lines",
        List.of(
            new Object[] {"l0", lines.get(0), 1000L},
            new Object[] {"l1", lines.get(1), 2000L},
            new Object[] {"l2", lines.get(2), 3000L},
            new Object[] {"l3", lines.get(3), 4000L},
            new Object[] {"l4", lines.get(4), 5000L}));
    Map<String, Long> expected = new HashMap<>();
    for (String line : lines) {
      for (String word : line.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
        expected.merge(word, 1L, Long::sum);
      }
    }

    Map<String, Long> nativeTable;
    try (RunnelStreams app =
        new RunnelStreams(Topologies.wordCount("lines", "wc-native"), nativeConfig("wc-native"))) {
      app.start();
      nativeTable = table("wc-native", DifferentialIT::text, expected);
    }
    Map<String, Long> flinkTable;
    try (FlinkJob job =
        FlinkRunner.start(Topologies.wordCount("lines", "wc-flink"), flinkConfig("wc-flink"))) {
      flinkTable = table("wc-flink", DifferentialIT::text, nativeTable);
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }

    assertThat(nativeTable).isEqualTo(expected).containsEntry("fox", 4L);
    assertThat(flinkTable).isEqualTo(nativeTable);
  }

  @Test
  void windowedCountsDropTheSameLateRecords() throws Exception {
    // One partition, so the native runtime's stream time is that of one task, in this order.
    log.createTopics(1, "clicks");
    // One output partition: each key's updates are read in the order they were written.
    log.createTopics(
        1, "w-native-tumbling", "w-native-hopping", "w-flink-tumbling", "w-flink-hopping");
    log.produce(
        "clicks",
        List.of(
            new Object[] {"a", "x", 1000L},
            new Object[] {"a", "x", 3000L},
            new Object[] {"b", "x", 2000L},
            new Object[] {"a", "x", 12000L},
            new Object[] {"b", "x", 9000L}, // out of order, window [0,10s) still open
            new Object[] {"a", "x", 16000L}, // stream time 16 s: windows ending <= 11 s close
            new Object[] {"b", "x", 4000L}, // late for [0,10s): dropped
            new Object[] {"a", "x", 14000L},
            new Object[] {"b", "x", 21000L}, // stream time 21 s: windows ending <= 16 s close
            new Object[] {"a", "x", 11000L}, // [10s,20s) still open; [5s,15s) closed
            new Object[] {"a", "x", 2000L}, // late everywhere: dropped
            // After the late records of its key: once its window is in a table, they were
            // handled (a key's records are handled in order), so a table read up to it is final.
            new Object[] {"a", "x", 40000L}));
    Map<String, Long> tumbling =
        Map.of("a@0", 2L, "b@0", 2L, "a@10000", 4L, "b@20000", 1L, "a@40000", 1L);

    Map<String, Long> hopping =
        Map.ofEntries(
            Map.entry("a@0", 2L),
            Map.entry("b@0", 2L),
            Map.entry("a@5000", 2L), // a@11000 came after [5s,15s) closed
            Map.entry("b@5000", 1L),
            Map.entry("a@10000", 4L),
            Map.entry("a@15000", 1L),
            Map.entry("b@15000", 1L),
            Map.entry("b@20000", 1L),
            Map.entry("a@35000", 1L),
            Map.entry("a@40000", 1L));

    Map<String, Long> nativeTumbling;
    Map<String, Long> nativeHopping;
    try (RunnelStreams app =
        new RunnelStreams(
            Topologies.windowedCounts("clicks", "w-native"), nativeConfig("w-native"))) {
      app.start();
      nativeTumbling = table("w-native-tumbling", DifferentialIT::window, tumbling);
      nativeHopping = table("w-native-hopping", DifferentialIT::window, hopping);
    }
    Map<String, Long> flinkTumbling;
    Map<String, Long> flinkHopping;
    try (FlinkJob job =
        FlinkRunner.start(Topologies.windowedCounts("clicks", "w-flink"), flinkConfig("w-flink"))) {
      flinkTumbling = table("w-flink-tumbling", DifferentialIT::window, nativeTumbling);
      flinkHopping = table("w-flink-hopping", DifferentialIT::window, nativeHopping);
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }

    assertThat(nativeTumbling).isEqualTo(tumbling);
    assertThat(flinkTumbling).isEqualTo(nativeTumbling);
    assertThat(nativeHopping).isEqualTo(hopping);
    assertThat(flinkHopping).isEqualTo(nativeHopping);
  }
}
