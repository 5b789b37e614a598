package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.WINDOWED;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Windowed;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session, sliding and suppressed windowed counts and a user processor with a store on the native
 * runtime (RunnelStreams, kafka
 * backend) and on Flink (a MiniCluster, parallelism 2) over the same input in a real log-server:
 * the final tables (latest value per key of the output topic, a tombstone deleting its key) must
 * be equal, and equal to the hand-computed one.
 */
class StatefulDifferentialIT {
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

  private static Map<String, String> flinkConfig(String app, String emitIntervalMs) {
    Map<String, String> config = new java.util.HashMap<>(log.flinkConfig(app, 1000));
    config.put(FlinkRunner.EMIT_INTERVAL_MS, emitIntervalMs);
    return config;
  }

  private static String text(byte[] bytes) {
    return Topologies.S.deserialize(bytes);
  }

  /** {@code key@start-end}. */
  private static String session(byte[] bytes) {
    Windowed<String> w = StatefulTopologies.SESSION.deserialize(bytes);
    return w.key() + "@" + w.start() + "-" + w.end();
  }

  /** {@code key@start}. */
  private static String window(byte[] bytes) {
    Windowed<String> w = WINDOWED.deserialize(bytes);
    return w.key() + "@" + w.start();
  }

  /** What a test read from an output topic: every record in order, and the final table. */
  private record Output(List<Map.Entry<String, Long>> records, Map<String, Long> table) {}

  /**
   * Reads {@code topic} from the start until its final table (latest value per key, a tombstone
   * deleting the key) equals {@code expected} or PATIENCE has passed.
   */
  private static Output read(
      String topic, Function<byte[], String> key, Map<String, Long> expected) {
    List<Map.Entry<String, Long>> records = new ArrayList<>();
    Map<String, Long> table = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                log.servers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                topic + "-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!table.equals(expected) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String k = key.apply(r.key());
          Long v = r.value() == null ? null : L.deserialize(r.value());
          records.add(new SimpleEntry<>(k, v));
          if (v == null) {
            table.remove(k);
          } else {
            table.put(k, v);
          }
        }
      }
    }
    return new Output(records, table);
  }

  /**
   * Runs {@code topology(input, output)} natively into {@code <name>-native} and on Flink (with
   * {@code flink.emit.interval.ms} {@code emitIntervalMs}) into {@code <name>-flink}
   * (single-partition outputs, so a key's records are read in order), and returns both outputs.
   */
  private Map<String, Output> runBoth(
      String name,
      String input,
      String emitIntervalMs,
      BiFunction<String, String, Topology> topology,
      Function<byte[], String> key,
      Map<String, Long> expected)
      throws Exception {
    log.createTopics(1, name + "-native", name + "-flink");
    Map<String, Output> outputs = new LinkedHashMap<>();
    try (RunnelStreams app =
        new RunnelStreams(
            topology.apply(input, name + "-native"), nativeConfig(name + "-native"))) {
      app.start();
      outputs.put("native", read(name + "-native", key, expected));
    }
    try (FlinkJob job =
        FlinkRunner.start(
            topology.apply(input, name + "-flink"),
            flinkConfig(name + "-flink", emitIntervalMs))) {
      outputs.put("flink", read(name + "-flink", key, expected));
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
    return outputs;
  }

  @Test
  void sessionCountsMergeAndDropTheSameLateRecords() throws Exception {
    // One partition, so the native runtime's stream time is that of one task, in this order.
    log.createTopics(1, "visits");
    log.produce(
        "visits",
        List.of(
            new Object[] {"a", "x", 1000L},
            new Object[] {"a", "x", 4000L}, // within the gap: [1s,1s] grows to [1s,4s]
            new Object[] {"b", "x", 2000L},
            new Object[] {"a", "x", 20000L}, // stream time 20 s
            new Object[] {"a", "x", 12000L}, // new session closed already: 12+5+2 < 20, dropped
            new Object[] {"a", "x", 9000L}, // would extend [1s,4s] to 9 s: 16 < 20, dropped
            new Object[] {"a", "x", 26000L},
            new Object[] {"a", "x", 23000L}, // merges [20s,20s] and [26s,26s] into [20s,26s]
            new Object[] {"b", "x", 24000L},
            new Object[] {"b", "x", 30000L}, // [24s,24s] ended more than the gap before: new
            new Object[] {"c", "x", 34000L}, // stream time 34 s: [20s,26s] is closed (33 < 34)
            // ...but a record it reaches within the gap extends it into [20s,29s], open (36 >= 34)
            new Object[] {"a", "x", 29000L}));
    Map<String, Long> expected =
        Map.of(
            "a@1000-4000", 2L,
            "a@20000-29000", 4L,
            "b@2000-2000", 1L,
            "b@24000-24000", 1L,
            "b@30000-30000", 1L,
            "c@34000-34000", 1L);

    // Emit interval 0 on Flink: every change is forwarded, so merged sessions surely were written.
    Map<String, Output> out =
        runBoth(
            "sessions",
            "visits",
            "0",
            StatefulTopologies::sessionCounts,
            StatefulDifferentialIT::session,
            expected);

    assertThat(out.get("native").table()).isEqualTo(expected);
    assertThat(out.get("flink").table()).isEqualTo(out.get("native").table());
    // Merged-away sessions are deleted downstream (tombstones), as natively without a cache.
    assertThat(out.get("flink").records())
        .contains(
            new SimpleEntry<>("a@1000-1000", null),
            new SimpleEntry<>("a@20000-20000", null),
            new SimpleEntry<>("a@26000-26000", null),
            new SimpleEntry<>("a@20000-26000", null));
  }

  @Test
  void slidingCountsCreateTheSameWindows() throws Exception {
    log.createTopics(1, "moves");
    log.produce(
        "moves",
        List.of(
            new Object[] {"a", "x", 1000L},
            new Object[] {"a", "x", 3000L},
            new Object[] {"b", "x", 2000L},
            new Object[] {"a", "x", 8000L}, // stream time 8 s
            new Object[] {"a", "x", 6000L}, // out of order, 6+2 >= 8: makes [1s,6s] and its right
            new Object[] {"a", "x", 20000L}, // stream time 20 s
            new Object[] {"a", "x", 4000L}, // late: 4+2 < 20, dropped
            new Object[] {"a", "x", 19000L})); // 19+2 >= 20: [14s,19s], into [15s,20s], its right
    Map<String, Long> expected =
        Map.ofEntries(
            Map.entry("a@0", 2L), // [0,5s]: 1 s, 3 s
            Map.entry("a@1000", 3L), // [1s,6s] ends at 6 s: 1, 3, 6
            Map.entry("a@1001", 2L), // right of 1 s, [1.001s,6.001s]: 3, 6
            Map.entry("a@3000", 3L), // [3s,8s] ends at 8 s: 3, 6, 8
            Map.entry("a@3001", 2L), // right of 3 s: 6, 8
            Map.entry("a@6001", 1L), // right of 6 s: 8 (none after 8 s: no right window)
            Map.entry("a@14000", 1L), // [14s,19s]: 19
            Map.entry("a@15000", 2L), // [15s,20s]: 19, 20
            Map.entry("a@19001", 1L), // right of 19 s: 20
            Map.entry("b@0", 1L));

    Map<String, Output> out =
        runBoth(
            "sliding",
            "moves",
            "1000",
            StatefulTopologies::slidingCounts,
            StatefulDifferentialIT::window,
            expected);

    assertThat(out.get("native").table()).isEqualTo(expected);
    assertThat(out.get("flink").table()).isEqualTo(out.get("native").table());
  }

  @Test
  void suppressedCountsGiveOneFinalRecordPerWindow() throws Exception {
    log.createTopics(1, "taps");
    log.produce(
        "taps",
        List.of(
            new Object[] {"a", "x", 1000L},
            new Object[] {"a", "x", 3000L},
            new Object[] {"b", "x", 2000L},
            new Object[] {"a", "x", 12000L},
            new Object[] {"b", "x", 9000L}, // out of order, window [0,10s) still open
            new Object[] {"a", "x", 16000L}, // stream time 16 s: [0,10s) closes (10 + 5 <= 16)
            new Object[] {"b", "x", 4000L}, // late for [0,10s): dropped
            new Object[] {"a", "x", 14000L},
            new Object[] {"b", "x", 21000L},
            new Object[] {"a", "x", 11000L},
            new Object[] {"a", "x", 40000L})); // stream time 40 s: [10s,20s), [20s,30s) close
    // [40s,50s) never closes, so a@40000 is never emitted.
    Map<String, Long> expected =
        Map.of("a@0", 2L, "b@0", 2L, "a@10000", 4L, "b@20000", 1L);

    Map<String, Output> out =
        runBoth(
            "final",
            "taps",
            "1000",
            StatefulTopologies::suppressedCounts,
            StatefulDifferentialIT::window,
            expected);

    assertThat(out.get("native").table()).isEqualTo(expected);
    assertThat(out.get("flink").table()).isEqualTo(out.get("native").table());
    for (Output output : out.values()) {
      assertThat(output.records()).hasSize(expected.size()); // one record per window, the final
    }
  }

  @Test
  void aProcessorCountsWithItsStoreAsKeyedState() throws Exception {
    // Two partitions: natively two tasks, each with its own store; on Flink one value per key.
    log.createTopics(2, "events");
    List<Object[]> events = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      String key = "k" + (i % 7);
      String value = i % 5 == 0 ? "" : "e" + i; // empty values are filtered out before it
      events.add(new Object[] {key, value, 1000L + i});
      if (!value.isEmpty()) {
        expected.merge(key, 1L, Long::sum);
      }
    }
    log.produce("events", events);

    Map<String, Output> out =
        runBoth(
            "seen",
            "events",
            "1000",
            StatefulTopologies::processorCounts,
            StatefulDifferentialIT::text,
            expected);

    assertThat(out.get("native").table()).isEqualTo(expected);
    assertThat(out.get("flink").table()).isEqualTo(out.get("native").table());
    // Each key's running counts were forwarded one by one, in order: 1, 2, ..., n.
    for (Map.Entry<String, Long> count : expected.entrySet()) {
      assertThat(out.get("flink").records())
          .filteredOn(e -> e.getKey().equals(count.getKey()))
          .extracting(Map.Entry::getValue)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, count.getValue()).boxed().toList());
    }
  }
}
