package io.runnel.flink;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real log-server on a free loopback port, and what the tests do with it through unmodified
 * kafka-clients: create topics, write input, read an output topic's final table. Not thread-safe.
 */
final class LogFixture implements AutoCloseable {
  private final LogServer server;

  /** A Flink MiniCluster of one task manager with two slots: the parallelism 2 the tests run at. */
  static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }

  /** The sum of the committed offsets of consumer group {@code group} (0 before its first commit). */
  long committed(String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers()))) {
      long sum = 0;
      for (OffsetAndMetadata offset :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()) {
        if (offset != null) {
          sum += offset.offset();
        }
      }
      return sum;
    }
  }

  /** The config of a native (RunnelStreams) run of {@code app} on this log, committing every 100 ms. */
  Map<String, String> nativeConfig(String app, Path stateDir) {
    return Map.of(
        "application.id", app,
        "bootstrap.servers", servers(),
        "state.dir", stateDir.toString(),
        "commit.interval.ms", "100");
  }

  /** The config of a Flink run of {@code app} on this log: parallelism 2, a checkpoint every {@code checkpointMs}. */
  Map<String, String> flinkConfig(String app, long checkpointMs) {
    return Map.of(
        "application.id", app,
        "bootstrap.servers", servers(),
        FlinkRunner.PARALLELISM, "2",
        FlinkRunner.CHECKPOINT_INTERVAL_MS, Long.toString(checkpointMs));
  }

  LogFixture(Path logDir) {
    server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", logDir.toString(),
                    "group.initial.rebalance.delay.ms", "0")));
  }

  String servers() {
    return server.bootstrapServers();
  }

  void createTopics(int partitions, String... topics) throws InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers()))) {
      List<NewTopic> specs = new ArrayList<>();
      for (String topic : topics) {
        specs.add(new NewTopic(topic, partitions, (short) 1));
      }
      admin.createTopics(specs).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics: " + e.getCause(), e);
    }
  }

  /**
   * Writes {@code records} (key, value, timestamp, and optionally the partition; without it the
   * producer partitions by the key) to {@code topic} in this order.
   */
  void produce(String topic, List<Object[]> records) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (Object[] r : records) {
        producer.send(new ProducerRecord<>(
                topic, r.length > 3 ? (Integer) r[3] : null, (Long) r[2], (String) r[0], (String) r[1]));
      }
    }
  }

  /**
   * Reads {@code topic} from the start until its latest value per key (a null value deletes the
   * key) equals {@code expected} or {@code patience} has passed, and returns the table it read (a
   * mismatch is for the caller to assert on).
   */
  <K, V> Map<K, V> table(
      String topic,
      Function<byte[], K> key,
      Function<byte[], V> value,
      Map<K, V> expected,
      Duration patience) {
    Map<K, V> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                topic + "-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + patience.toNanos();
      while (!latest.equals(expected) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            latest.remove(key.apply(r.key())); // a tombstone: the key left the table
          } else {
            latest.put(key.apply(r.key()), value.apply(r.value()));
          }
        }
      }
    }
    return latest;
  }

  @Override
  public void close() {
    server.close();
  }
}
