package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three log-servers in one JVM forming a metadata quorum on loopback (each its own Ratis voter):
 * what unmodified kafka-clients see of the cluster.
 */
class ClusterMetadataIT {
  @TempDir
  Path dir;

  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;
  private final List<LogServer> nodes = new ArrayList<>();


  private void startCluster() {
    startCluster(true);
  }

  private void startCluster(boolean controlledShutdown) {
    cluster = clusters.start(3, dir, Map.of(
        "broker.session.timeout.ms", "3000", // twenty heartbeats: room for a loaded machine
        "broker.heartbeat.interval.ms", "150",
        "group.initial.rebalance.delay.ms", "0",
        "offsets.topic.num.partitions", "5",
        "controlled.shutdown.enable", Boolean.toString(controlledShutdown)));
    for (int id = 1; id <= 3; id++) {
      nodes.add(cluster.node(id));
    }
  }

  private static Admin admin(LogServer node) {
    return LocalClusters.admin(node.bootstrapServers());
  }

  private static Set<Integer> liveNodes(Admin admin) throws Exception {
    return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
  }

  private static Set<Integer> liveNodesOrEmpty(Admin admin) {
    try {
      return liveNodes(admin);
    } catch (Exception e) {
      return Set.of();
    }
  }

  /** Waits for a condition the cluster reaches by itself (a session timing out), failing after 20 s. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void topicsCreatedOnAnyNodeAreSeenByAllAndClientsFindTheLeaders() throws Exception {
    startCluster();
    try (Admin a1 = admin(nodes.get(0)); Admin a2 = admin(nodes.get(1)); Admin a3 = admin(nodes.get(2))) {
      for (Admin a : List.of(a1, a2, a3)) {
        // Each node serves once a majority is up; the others' registrations reach it just after.
        await("every node sees three live brokers", () -> liveNodesOrEmpty(a).equals(Set.of(1, 2, 3)));
        assertThat(a.describeCluster().clusterId().get()).isEqualTo(a1.describeCluster().clusterId().get());
      }
      a1.createTopics(List.of(new NewTopic("orders", 6, (short) 1))).all().get();
      a3.createTopics(List.of(new NewTopic("payments", 3, (short) 1))).all().get();
      for (Admin a : List.of(a1, a2, a3)) {
        QuorumInfo quorum = a.describeMetadataQuorum().quorumInfo().get();
        assertThat(quorum.leaderId()).isIn(1, 2, 3);
        assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactly(1, 2, 3);
      }

      Map<String, TopicDescription> seenBy1 = a1.describeTopics(List.of("orders", "payments")).allTopicNames().get();
      for (Admin a : List.of(a2, a3)) {
        Map<String, TopicDescription> seen = a.describeTopics(List.of("orders", "payments")).allTopicNames().get();
        assertThat(seen.get("orders").topicId()).isEqualTo(seenBy1.get("orders").topicId());
        assertThat(seen.get("payments").topicId()).isEqualTo(seenBy1.get("payments").topicId());
        assertThat(leaders(seen.get("orders"))).isEqualTo(leaders(seenBy1.get("orders")));
      }
      // Partitions are spread over every node, round robin.
      assertThat(new HashSet<>(leaders(seenBy1.get("orders")))).containsExactlyInAnyOrder(1, 2, 3);
    }

    // A producer bootstrapped on node 3 and a consumer group bootstrapped on node 2 each reach
    // every partition's leader and the group coordinator, wherever they are.
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, nodes.get(2).bootstrapServers());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 60; i++) {
        producer.send(new ProducerRecord<>("orders", i % 6, "k" + i, "v" + i)).get();
      }
    }
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, nodes.get(1).bootstrapServers());
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "readers");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Set<String> values = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of("orders"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < 60 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          assertThat(values.add(r.value())).as("read once: " + r.value()).isTrue();
        }
      }
      consumer.commitSync();
    }
    assertThat(values).hasSize(60);
  }

  /** A node that stops without a controlled shutdown (as after a crash) is fenced once its session times out. */
  @Test
  void aClosedNodeLeavesMetadataAfterItsSessionTimeout() throws Exception {
    startCluster(false);
    try (Admin a1 = admin(nodes.get(0))) {
      a1.createTopics(List.of(new NewTopic("events", 6, (short) 1))).all().get();
      TopicDescription before = a1.describeTopics(List.of("events")).allTopicNames().get().get("events");
      assertThat(leaders(before)).contains(3);

      nodes.remove(2);
      cluster.close(3);

      await("node 3 is fenced", () -> {
        try {
          return liveNodes(a1).equals(Set.of(1, 2));
        } catch (Exception e) {
          return false;
        }
      });
      TopicDescription after = a1.describeTopics(List.of("events")).allTopicNames().get().get("events");
      for (int p = 0; p < 6; p++) {
        TopicPartitionInfo was = before.partitions().get(p);
        TopicPartitionInfo now = after.partitions().get(p);
        if (was.leader().id() == 3) {
          // Its only replica is gone: no leader (clean election only), and the replica is offline.
          assertThat(now.leader()).as("partition " + p).isNull();
        } else {
          assertThat(now.leader().id()).as("partition " + p).isEqualTo(was.leader().id());
        }
      }
    }
  }

  @Test
  void aRestartedNodeLeadsItsPartitionsAgainWithItsData() throws Exception {
    startCluster();
    try (Admin a1 = admin(nodes.get(0))) {
      a1.createTopics(List.of(new NewTopic("ledger", 3, (short) 1))).all().get();
      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(),
          new StringSerializer())) {
        for (int i = 0; i < 30; i++) {
          producer.send(new ProducerRecord<>("ledger", i % 3, "k", "before-" + i)).get();
        }
      }
      TopicDescription before = a1.describeTopics(List.of("ledger")).allTopicNames().get().get("ledger");
      int node = leaders(before).get(0) == 1 ? leaders(before).get(1) : leaders(before).get(0);
      int partition = leaders(before).indexOf(node);
      cluster.close(node);
      await("node " + node + " is fenced", () -> {
        try {
          return !liveNodes(a1).contains(node);
        } catch (Exception e) {
          return false;
        }
      });
      LogServer back = cluster.restart(node);
      await("node " + node + " leads partition " + partition + " again", () -> {
        try {
          TopicPartitionInfo p = a1.describeTopics(List.of("ledger")).allTopicNames().get().get("ledger")
              .partitions().get(partition);
          return p.leader() != null && p.leader().id() == node;
        } catch (Exception e) {
          return false;
        }
      });
      await("node 1 sees three live brokers", () -> liveNodesOrEmpty(a1).equals(Set.of(1, 2, 3)));
      Properties cp = new Properties();
      cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, back.bootstrapServers());
      cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      List<String> read = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
          new StringDeserializer())) {
        consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("ledger", partition)));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (read.size() < 10 && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = partition; i < 30; i += 3) {
        expected.add("before-" + i);
      }
      assertThat(read).containsExactlyElementsOf(expected);
    }
  }

  private static List<Integer> leaders(TopicDescription d) {
    List<Integer> out = new ArrayList<>();
    for (TopicPartitionInfo p : d.partitions()) {
      out.add(p.leader() == null ? -1 : p.leader().id());
    }
    return out;
  }
}
