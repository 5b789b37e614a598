package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group coordinator moves with the leadership of a replicated {@code __consumer_offsets}: three
 * nodes, the offsets topic with three replicas, two consumer groups coordinated by different
 * nodes commit offsets with unmodified kafka-clients; the coordinator node of one group is closed
 * and not restarted: another replica leads its offsets partition, and both groups resume exactly
 * from their committed offsets. Then the node returns, catches up what was committed while it was
 * away, and takes its preferred leadership (and the group) back.
 */
class GroupCoordinatorFailoverIT {
  private static final String TOPIC = "events";
  private static final String OFFSETS = "__consumer_offsets";
  private static final int PARTITIONS = 3;
  private static final int PER_PARTITION = 10;
  private static final long COMMITTED = 4;
  private static final long COMMITTED_WHILE_AWAY = 7;

  @TempDir
  Path dir;
  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static void await(String what, Callable<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        if (condition.call()) {
          return;
        }
      } catch (Exception e) {
        // not yet: the cluster is failing over
      }
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

  private static Map<TopicPartition, OffsetAndMetadata> offsetsAt(long offset) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      out.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset));
    }
    return out;
  }

  /** Joins the group, reads every record it has not committed, and returns their offsets by partition. */
  private static Map<Integer, List<Long>> readRest(String bootstrap, String group, int expected) {
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

  private static void assertResumesAt(String bootstrap, String group, long committed) {
    Map<Integer, List<Long>> read = readRest(bootstrap, group, (int) (PARTITIONS * (PER_PARTITION - committed)));
    assertThat(read).as("group %s", group).containsOnlyKeys(0, 1, 2);
    List<Long> expected = LongStream.range(committed, PER_PARTITION).boxed().toList();
    for (List<Long> offsets : read.values()) {
      assertThat(offsets).as("group %s", group).isEqualTo(expected);
    }
  }

  @Test
  void groupsResumeFromTheirCommittedOffsetsWhenTheCoordinatorNodeIsGone() throws Exception {
    cluster = clusters.start(3, dir, Map.of(
        "broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150",
        "group.initial.rebalance.delay.ms", "0",
        "offsets.topic.num.partitions", "6",
        "offsets.topic.replication.factor", "3",
        "leader.imbalance.check.interval.seconds", "1"));
    String bootstrap = cluster.bootstrapServers();
    Map<String, Integer> coordinators = new HashMap<>();
    try (Admin admin = LocalClusters.admin(bootstrap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get();
      // The first FindCoordinator creates __consumer_offsets: three replicas, leaders spread over the nodes.
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
      var offsetsTopic = admin.describeTopics(List.of(OFFSETS)).allTopicNames().get().get(OFFSETS);
      assertThat(offsetsTopic.partitions()).hasSize(6);
      assertThat(offsetsTopic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      assertThat(offsetsTopic.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(1, 2, 3);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
        "acks", "all"), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < PARTITIONS * PER_PARTITION; i++) {
        producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i)).get();
      }
    }
    String moved = coordinators.keySet().iterator().next();
    int stopped = coordinators.get(moved);
    String other = coordinators.keySet().stream().filter(g -> !g.equals(moved)).findFirst().orElseThrow();
    // The moved group's member commits last and its node is closed right after the commit is acknowledged.
    for (String group : List.of(other, moved)) {
      try (KafkaConsumer<String, String> c = consumer(bootstrap, group)) {
        c.subscribe(List.of(TOPIC));
        await("group " + group + " has its partitions", () -> {
          c.poll(Duration.ofMillis(100));
          return c.assignment().size() == PARTITIONS;
        });
        c.commitSync(offsetsAt(COMMITTED));
        if (group.equals(moved)) {
          cluster.close(stopped);
        }
      }
    }

    String survivors = cluster.bootstrapServers();
    try (Admin admin = LocalClusters.admin(survivors)) {
      await("node " + stopped + " is fenced", () -> !liveNodes(admin).contains(stopped));
      await("another replica coordinates " + moved, () -> coordinatorOf(admin, moved) != stopped);
      assertThat(admin.listConsumerGroupOffsets(moved).partitionsToOffsetAndMetadata().get())
          .isEqualTo(offsetsAt(COMMITTED));
      assertThat(admin.listConsumerGroupOffsets(other).partitionsToOffsetAndMetadata().get())
          .isEqualTo(offsetsAt(COMMITTED));
    }
    assertResumesAt(survivors, moved, COMMITTED);
    assertResumesAt(survivors, other, COMMITTED);

    // While the node is away the moved group (empty again) commits once more, through its new coordinator.
    try (Admin admin = LocalClusters.admin(survivors)) {
      admin.alterConsumerGroupOffsets(moved, offsetsAt(COMMITTED_WHILE_AWAY)).all().get();
    }
    cluster.restart(stopped);
    String all = cluster.bootstrapServers();
    try (Admin admin = LocalClusters.admin(all)) {
      await("node " + stopped + " is back and coordinates " + moved + " again (its preferred leadership)",
          () -> coordinatorOf(admin, moved) == stopped);
      assertThat(admin.listConsumerGroupOffsets(moved).partitionsToOffsetAndMetadata().get())
          .isEqualTo(offsetsAt(COMMITTED_WHILE_AWAY));
    }
    assertResumesAt(all, moved, COMMITTED_WHILE_AWAY);
  }
}
