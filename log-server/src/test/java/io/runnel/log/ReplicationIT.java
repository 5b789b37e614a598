package io.runnel.log;

import static io.runnel.log.SequentialWorkload.await;
import static io.runnel.log.SequentialWorkload.createInSync;
import static io.runnel.log.SequentialWorkload.describe;
import static io.runnel.log.SequentialWorkload.follower;
import static io.runnel.log.SequentialWorkload.inSync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.log.server.Partition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data replication on three log-servers in one JVM, seen through unmodified kafka-clients: an
 * idempotent acks=all producer and a consumer go on through the loss of a partition leader, every
 * acknowledged value is read exactly once and in order, the node comes back, catches up, rejoins
 * the ISR, and all replicas end with the same batches.
 */
class ReplicationIT {
  private static final String TOPIC = "replicated";
  private static final int PARTITIONS = 3;

  @TempDir
  Path dir;

  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;

  /** Nodes closed here stand for crashed ones: no controlled shutdown (ControlledShutdownIT has that). */
  private void startCluster() {
    startCluster(3, "5000");
  }

  private void startCluster(int nodes, String replicaLagMs) {
    cluster = clusters.start(nodes, dir, Map.of(
        "broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150",
        "replica.lag.time.max.ms", replicaLagMs,
        "replica.fetch.wait.max.ms", "200",
        "controlled.shutdown.enable", "false"));
  }

  @Test
  void acknowledgedRecordsSurviveTheLossOfTheirLeaderAndTheReplicasConverge() throws Exception {
    startCluster();
    try (Admin admin = clusters.admin()) {
      createInSync(admin, TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
      int victim = describe(admin, TOPIC).partitions().get(0).leader().id();

      SequentialWorkload workload = SequentialWorkload.start(cluster.bootstrapServers(), TOPIC, PARTITIONS);
      await("some values are acknowledged", () -> workload.acknowledged(0) > 200);
      cluster.close(victim);
      await("partition 0 has a new leader", () -> {
        TopicDescription d = describe(admin, TOPIC);
        return d != null && d.partitions().get(0).leader() != null && d.partitions().get(0).leader().id() != victim;
      });
      int before = workload.acknowledged(0);
      await("values are acknowledged by the new leader", () -> workload.acknowledged(0) > before + 200);
      assertThat(describe(admin, TOPIC).partitions()).allSatisfy(p ->
          assertThat(p.isr()).extracting(n -> n.id()).doesNotContain(victim));

      cluster.restart(victim);
      await("the restarted node is back in every ISR", () -> inSync(admin, TOPIC, 3));
      int again = workload.acknowledged(0);
      await("more values are acknowledged", () -> workload.acknowledged(0) > again + 100);
      workload.stopAndCheck();
      await("every replica has the leader's log end", () -> replicasCaughtUp(TOPIC, PARTITIONS));
      for (int p = 0; p < PARTITIONS; p++) {
        List<byte[]> reference = ReplicaBatches.of(cluster.node(1).broker().partition(TOPIC, p).orElseThrow().log());
        assertThat(reference).isNotEmpty();
        for (int id = 2; id <= 3; id++) {
          List<byte[]> other = ReplicaBatches.of(cluster.node(id).broker().partition(TOPIC, p).orElseThrow().log());
          assertThat(other).as("partition %d on node %d", p, id).hasSameSizeAs(reference);
          for (int b = 0; b < reference.size(); b++) {
            assertThat(Arrays.equals(other.get(b), reference.get(b))).as("batch %d of partition %d on node %d", b, p, id)
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void aProduceWithFewerInSyncReplicasThanTheMinimumIsRefused() throws Exception {
    startCluster();
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "two-copies", 1, 2, Map.of("min.insync.replicas", "2"));
      TopicPartitionInfo info = describe(admin, "two-copies").partitions().get(0);
      int follower = follower(info);
      cluster.close(follower);
      await("the ISR shrinks to the leader", () -> {
        TopicDescription d = describe(admin, "two-copies");
        return d != null && d.partitions().get(0).isr().size() == 1;
      });
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
      p.put(ProducerConfig.RETRIES_CONFIG, "0");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
          new StringSerializer())) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("two-copies", 0, "k", "v")).get())
            .hasCauseInstanceOf(NotEnoughReplicasException.class);
      }
      // Nothing was written: the leader's log is still empty.
      LogServer leader = cluster.node(info.leader().id());
      assertThat(leader.broker().partition("two-copies", 0).orElseThrow().log().logEndOffset()).isZero();
    }
  }

  /**
   * An acks=all write waits while a follower stops; when the leader drops that follower from the
   * ISR, below min.insync.replicas, the write is on every replica left in sync but not as durable as
   * asked: NOT_ENOUGH_REPLICAS_AFTER_APPEND, as Kafka answers, never an acknowledgement.
   */
  @Test
  void aWriteWhoseIsrShrinksBelowTheMinimumWhileItWaitsIsNotAcknowledged() throws Exception {
    startCluster(3, "1500");
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "shrinking", 1, 2, Map.of("min.insync.replicas", "2"));
      TopicPartitionInfo info = describe(admin, "shrinking").partitions().get(0);
      int follower = follower(info);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(info.leader().id()).bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
      p.put(ProducerConfig.RETRIES_CONFIG, "0");
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
          new StringSerializer())) {
        assertThat(producer.send(new ProducerRecord<>("shrinking", 0, "k", "both")).get().offset()).isZero();
        cluster.close(follower);
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("shrinking", 0, "k", "alone")).get())
            .hasCauseInstanceOf(NotEnoughReplicasAfterAppendException.class)
            .hasMessageContaining("below min.insync.replicas 2");
      }
      assertThat(describe(admin, "shrinking").partitions().get(0).isr()).extracting(n -> n.id())
          .containsExactly(info.leader().id());
    }
  }

  /**
   * Two nodes: with the follower gone the metadata quorum has no majority, so the ISR keeps both
   * replicas (nothing can shrink it) and the high watermark cannot pass what the follower has. The
   * follower stops as after a crash: without a controlled shutdown, which would take it out of the
   * ISR on its way down.
   */
  @Test
  void consumersSeeOnlyWhatEveryInSyncReplicaHas() throws Exception {
    startCluster(2, "600000");
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "visible", 1, 2);
      int leader = describe(admin, "visible").partitions().get(0).leader().id();
      int follower = 3 - leader;
      TopicPartition tp = new TopicPartition("visible", 0);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(leader).bootstrapServers());
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
          new StringSerializer())) {
        producer.send(new ProducerRecord<>("visible", 0, null, "a")).get();
      }
      cluster.close(follower);
      p.put(ProducerConfig.ACKS_CONFIG, "1");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
          new StringSerializer())) {
        assertThat(producer.send(new ProducerRecord<>("visible", 0, null, "b")).get().offset()).isEqualTo(1);
      }
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "2000");
      p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      p.put(ProducerConfig.RETRIES_CONFIG, "0");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
          new StringSerializer())) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("visible", 0, null, "c")).get())
            .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      }
      Partition onLeader = cluster.node(leader).broker().partition("visible", 0).orElseThrow();
      assertThat(onLeader.log().logEndOffset()).isEqualTo(3);
      assertThat(onLeader.highWatermark()).isEqualTo(1);

      Properties cp = new Properties();
      cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.node(leader).bootstrapServers());
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
          new StringDeserializer())) {
        assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 1L);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<String> seen = new ArrayList<>();
        while (seen.isEmpty()) {
          consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
        }
        consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
        assertThat(seen).containsExactly("a");

        // The follower returns and catches up: the high watermark passes what it now has.
        cluster.restart(follower);
        while (seen.size() < 3) {
          consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
        }
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 3L);
      }
    }
  }

  private boolean replicasCaughtUp(String topic, int partitions) {
    for (int p = 0; p < partitions; p++) {
      long end = -1;
      for (int id = 1; id <= 3; id++) {
        Partition partition = cluster.node(id).broker().partition(topic, p).orElseThrow();
        long e = partition.log().logEndOffset();
        if ((end >= 0 && e != end) || partition.highWatermark() != e) {
          return false;
        }
        end = e;
      }
    }
    return true;
  }
}
