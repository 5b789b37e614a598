package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group coordinator moves with the leadership of {@code __consumer_offsets} partitions: three
 * nodes, two consumer groups coordinated by different nodes, the coordinator of one stopped and
 * started again (with replication factor 1 its offsets partition is offline meanwhile), and both
 * groups resume from their committed offsets with unmodified kafka-clients.
 */
class GroupCoordinatorFailoverIT {
  private static final String TOPIC = "events";
  private static final int PARTITIONS = 3;
  private static final int PER_PARTITION = 10;
  private static final long COMMITTED = 4;

  @TempDir
  Path dir;
  private LocalCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    return Admin.create(p);
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The coordinator that DescribeGroups names (the group must exist). */
  private static int coordinatorOf(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
  }

  private static Set<Integer> liveNodes(Admin admin) throws Exception {
    return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
  }

  /** Joins the group, reads every record it has not committed, and returns them by partition. */
  private static Map<Integer, List<Long>> readRest(String bootstrap, String group, int expected) throws Exception {
    Map<Integer, List<Long>> seen = new TreeMap<>();
    try (KafkaConsumer<String, String> c = consumer(bootstrap, group)) {
      c.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int count = 0;
      while (count < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          seen.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset());
          count++;
        }
      }
    }
    return seen;
  }

  @Test
  void aGroupResumesFromItsCommittedOffsetsOnceItsCoordinatorIsBack() throws Exception {
    cluster = LocalCluster.start(3, dir, Map.of(
        "broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150",
        "group.initial.rebalance.delay.ms", "0",
        "offsets.topic.num.partitions", "6"));
    String bootstrap = cluster.bootstrapServers();
    Map<String, Integer> coordinators = new HashMap<>();
    try (Admin admin = admin(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
      // The first FindCoordinator creates __consumer_offsets, spread over the three live nodes.
      for (int i = 0; coordinators.size() < 2 && i < 100; i++) {
        String group = "group-" + i;
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0))).all()
            .get();
        int node = coordinatorOf(admin, group);
        if (!coordinators.containsValue(node)) {
          coordinators.put(group, node);
        }
      }
      assertThat(coordinators).hasSize(2);
      var offsetsTopic = admin.describeTopics(List.of("__consumer_offsets")).allTopicNames().get()
          .get("__consumer_offsets");
      assertThat(offsetsTopic.partitions()).hasSize(6);
      assertThat(offsetsTopic.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(1, 2, 3);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < PARTITIONS * PER_PARTITION; i++) {
        producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i)).get();
      }
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      commit.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(COMMITTED));
    }
    for (String group : coordinators.keySet()) {
      try (KafkaConsumer<String, String> c = consumer(bootstrap, group)) {
        c.subscribe(List.of(TOPIC));
        await("group " + group + " has its partitions", () -> {
          c.poll(Duration.ofMillis(100));
          return c.assignment().size() == PARTITIONS;
        });
        c.commitSync(commit);
      }
    }

    String moved = coordinators.keySet().iterator().next();
    int stopped = coordinators.get(moved);
    String other = coordinators.keySet().stream().filter(g -> !g.equals(moved)).findFirst().orElseThrow();
    cluster.close(stopped);
    String survivors = cluster.bootstrapServers();
    try (Admin admin = admin(survivors)) {
      await("node " + stopped + " is fenced", () -> {
        try {
          return !liveNodes(admin).contains(stopped);
        } catch (Exception e) {
          return false;
        }
      });
      // The other group's coordinator is untouched; the stopped node's group has none (RF 1).
      Map<TopicPartition, OffsetAndMetadata> kept = admin.listConsumerGroupOffsets(other).partitionsToOffsetAndMetadata()
          .get();
      assertThat(kept).isEqualTo(commit);
      assertThatThrownBy(() -> admin.listConsumerGroupOffsets(moved, new ListConsumerGroupOffsetsOptions()
          .timeoutMs(1500)).partitionsToOffsetAndMetadata().get()).isInstanceOf(ExecutionException.class);
    }

    cluster.restart(stopped);
    String all = cluster.bootstrapServers();
    try (Admin admin = admin(all)) {
      await("node " + stopped + " is back", () -> {
        try {
          return liveNodes(admin).contains(stopped);
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(coordinatorOf(admin, moved)).isEqualTo(stopped);
    }
    int rest = (int) (PARTITIONS * (PER_PARTITION - COMMITTED));
    for (String group : List.of(moved, other)) {
      Map<Integer, List<Long>> read = readRest(all, group, rest);
      assertThat(read).as("group %s", group).containsOnlyKeys(0, 1, 2);
      for (List<Long> offsets : read.values()) {
        assertThat(offsets).as("group %s", group).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
      }
    }
  }
}
