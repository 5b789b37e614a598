package io.runnel.flink;

import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.RunnelStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windowed stream-stream joins (inner, left, outer; records up to 5 s apart join, grace 2 s) of
 * two 2-partition streams on the native runtime (RunnelStreams, kafka backend) and on Flink (a
 * MiniCluster, parallelism 2) at once, over the same input in a real log-server. A join's output
 * is a stream, so what is compared is every record it wrote (key and joined value, in any order):
 * it must be the same on both runtimes, and the hand-computed one.
 */
class StreamJoinDifferentialIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      LogFixture.miniCluster();

  private static final Duration PATIENCE = Duration.ofSeconds(40);

  @TempDir Path logDir;
  @TempDir Path stateDir;

  /**
   * Every record of {@code topic} as {@code key=value}, sorted, read from the start until it
   * equals {@code expected} or PATIENCE has passed (then a bit longer, so an extra record shows).
   */
  private static List<String> records(LogFixture log, String topic, List<String> expected) {
    List<String> read = new ArrayList<>();
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
      List<String> sorted = List.of();
      while (!sorted.equals(expected) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          read.add(S.deserialize(r.key()) + "=" + S.deserialize(r.value()));
        }
        sorted = read.stream().sorted().toList();
      }
      // Whatever else is already there (a record emitted twice, or for a window still open).
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        read.add(S.deserialize(r.key()) + "=" + S.deserialize(r.value()));
      }
    }
    return read.stream().sorted().toList();
  }

  @Test
  void innerLeftAndOuterJoinsGiveTheSameRecords() throws Exception {
    try (LogFixture log = new LogFixture(logDir)) {
      log.createTopics(2, "clicks", "views");
      for (String type : List.of("inner", "left", "outer")) {
        log.createTopics(1, "native-" + type, "flink-" + type);
      }
      Map<String, String> nativeConfig =
          Map.of(
              "application.id", "ss-native",
              "bootstrap.servers", log.servers(),
              "state.dir", stateDir.toString(),
              "commit.interval.ms", "100");
      Map<String, String> flinkConfig =
          Map.of(
              "application.id", "ss-flink",
              "bootstrap.servers", log.servers(),
              FlinkRunner.PARALLELISM, "2",
              FlinkRunner.CHECKPOINT_INTERVAL_MS, "500");
      // Same key, same partition of both topics (the producer partitions by the key). Every
      // timestamp is within 7 s of every other, so none is late (t + 5 s + 2 s >= stream time)
      // in whatever order a runtime reads the partitions.
      List<Object[]> clicks =
          List.of(
              new Object[] {"a", "A1", 1000L},
              new Object[] {"a", "A2", 6000L},
              new Object[] {"b", "B1", 2000L},
              new Object[] {"c", "C1", 0L},
              new Object[] {"d", "D1", 4000L},
              new Object[] {"d", "D2", 4000L});
      List<Object[]> views =
          List.of(
              new Object[] {"a", "X1", 3000L}, // joins A1 (2 s) and A2 (3 s)
              new Object[] {"a", "X2", 7000L}, // joins A2 (1 s), not A1 (6 s)
              new Object[] {"b", "Y1", 7000L}, // joins B1: exactly 5 s apart
              new Object[] {"c", "Z1", 5500L}, // 5.5 s after C1: neither joins
              new Object[] {"d", "V1", 4500L}, // joins both records of d at 4 s
              new Object[] {"e", "W1", 2000L}); // no click of e
      List<String> inner =
          List.of("a=A1+X1", "a=A2+X1", "a=A2+X2", "b=B1+Y1", "d=D1+V1", "d=D2+V1");
      List<String> left = new ArrayList<>(inner);
      left.add("c=C1+null");
      List<String> outer = new ArrayList<>(left);
      outer.addAll(List.of("c=null+Z1", "e=null+W1"));
      Map<String, List<String>> expected =
          Map.of(
              "inner", inner,
              "left", left.stream().sorted().toList(),
              "outer", outer.stream().sorted().toList());

      try (RunnelStreams app =
              new RunnelStreams(
                  Topologies.streamJoins("clicks", "views", "native"), nativeConfig);
          FlinkJob job =
              FlinkRunner.start(
                  Topologies.streamJoins("clicks", "views", "flink"), flinkConfig)) {
        app.start();
        log.produce("clicks", clicks);
        log.produce("views", views);
        // Only once both runtimes have processed all of it (native: committed after processing;
        // Flink: committed when a checkpoint, which every operator has passed, completes) come
        // the records that close the windows: else the native runtime might read them first and
        // drop the others as late.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while ((log.committed("ss-native") < 12 || log.committed("ss-flink") < 12)
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(log.committed("ss-native")).isEqualTo(12);
        assertThat(log.committed("ss-flink")).isEqualTo(12);
        // Stream time 100 s on every partition of both topics: every window above closes
        // (t + 5 s + 5 s + 2 s < 100 s). These records (keys seen on one side only) stay open.
        log.produce(
            "clicks",
            List.of(
                new Object[] {"zc", "close0", 100_000L, 0},
                new Object[] {"zc", "close1", 100_000L, 1}));
        log.produce(
            "views",
            List.of(
                new Object[] {"zv", "close0", 100_000L, 0},
                new Object[] {"zv", "close1", 100_000L, 1}));

        for (String type : List.of("inner", "left", "outer")) {
          List<String> fromNative = records(log, "native-" + type, expected.get(type));
          List<String> fromFlink = records(log, "flink-" + type, expected.get(type));
          assertThat(fromNative).as("native " + type).isEqualTo(expected.get(type));
          assertThat(fromFlink).as("flink " + type).isEqualTo(fromNative);
        }
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      }
    }
  }
}
