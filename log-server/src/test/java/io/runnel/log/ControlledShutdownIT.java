package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's controlled shutdown on three log-servers in one JVM, seen through unmodified
 * kafka-clients: a partition leader's node is closed cleanly while an idempotent acks=all producer
 * writes; when {@code close} returns, the metadata already names other leaders and the ISRs no longer
 * hold the node. The session timeout and the replica lag bound are 30 s, so nothing but the handover
 * can explain that. The producer goes on with the remaining in-sync replicas, every acknowledged value
 * is read exactly once and in order, and the restarted node catches up and rejoins every ISR.
 */
class ControlledShutdownIT {
  private static final String TOPIC = "handover";
  private static final int PARTITIONS = 3;

  @TempDir
  Path dir;

  private LocalCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aCleanStopHandsLeadershipOverAndTheProducerGoesOn() throws Exception {
    cluster = LocalCluster.start(3, dir, Map.of(
        "broker.session.timeout.ms", "30000",
        "broker.heartbeat.interval.ms", "150",
        "replica.lag.time.max.ms", "30000",
        "replica.fetch.wait.max.ms", "200"));
    Properties ap = new Properties();
    ap.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(ap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")))).all().get();
      await("every partition has 3 in-sync replicas", () -> inSync(admin, 3));
      TopicDescription before = describe(admin);
      int victim = before.partitions().get(0).leader().id();
      List<Integer> led = before.partitions().stream().filter(p -> p.leader().id() == victim)
          .map(TopicPartitionInfo::partition).toList();

      List<List<Long>> acked = new ArrayList<>();
      List<List<Long>> read = new ArrayList<>();
      List<List<Long>> ackedAtNanos = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        acked.add(Collections.synchronizedList(new ArrayList<>()));
        read.add(Collections.synchronizedList(new ArrayList<>()));
        ackedAtNanos.add(Collections.synchronizedList(new ArrayList<>()));
      }
      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread producer = new Thread(() -> produce(acked, ackedAtNanos, producing, failure), "test-producer");
      AtomicBoolean consuming = new AtomicBoolean(true);
      Thread consumer = new Thread(() -> consume(read, consuming, failure), "test-consumer");
      producer.start();
      consumer.start();
      await("some values are acknowledged", () -> acked.get(0).size() > 200);

      long closing = System.nanoTime();
      cluster.close(victim);
      long closeMs = Duration.ofNanos(System.nanoTime() - closing).toMillis();
      int[] ackedAtClose = acked.stream().mapToInt(List::size).toArray();
      // Metadata reaches the other nodes asynchronously (as in Kafka): wait until they have applied what
      // the quorum has committed. A condition, not a time; it cannot fence the node (30 s session).
      for (int id = 1; id <= 3; id++) {
        if (id != victim) {
          cluster.node(id).broker().quorum().awaitCaughtUp();
        }
      }
      TopicDescription after = describe(admin);
      assertThat(after.partitions()).allSatisfy(p -> {
        assertThat(p.leader()).as("leader of partition %d", p.partition()).isNotNull();
        assertThat(p.leader().id()).as("leader of partition %d", p.partition()).isNotEqualTo(victim);
        assertThat(p.isr()).extracting(Node::id).as("ISR of partition %d", p.partition())
            .doesNotContain(victim).hasSize(2);
      });
      for (int p : led) {
        assertThat(after.partitions().get(p).leader().id()).as("partition %d moved to an in-sync replica", p)
            .isIn(before.partitions().get(p).isr().stream().map(Node::id).toList());
      }
      Set<Integer> listed = admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
      assertThat(listed).doesNotContain(victim);

      await("values are acknowledged by the new leaders", () ->
          led.stream().allMatch(p -> acked.get(p).size() > ackedAtClose[p] + 200));
      cluster.restart(victim);
      await("the restarted node is back in every ISR", () -> inSync(admin, 3));
      int again = acked.get(0).size();
      await("more values are acknowledged", () -> acked.get(0).size() > again + 100);
      producing.set(false);
      producer.join(60_000);
      assertThat(failure.get()).isNull();
      await("the consumer has read every acknowledged value", () -> {
        for (int p = 0; p < PARTITIONS; p++) {
          if (read.get(p).size() < acked.get(p).size()) {
            return false;
          }
        }
        return true;
      });
      consuming.set(false);
      consumer.join(30_000);
      assertThat(failure.get()).isNull();
      for (int p = 0; p < PARTITIONS; p++) {
        List<Long> values = new ArrayList<>(read.get(p));
        // Exactly once and in order: the producer sends 0, 1, 2, ... per partition.
        for (int i = 0; i < values.size(); i++) {
          assertThat(values.get(i)).as("partition %d position %d", p, i).isEqualTo(i);
        }
        assertThat(values).as("partition %d", p).containsAll(acked.get(p));
      }
      // For the record (not asserted): how long the victim's partitions went without an acknowledgement.
      for (int p : led) {
        System.out.printf("controlled shutdown of node %d took %d ms; partition %d's longest gap between"
            + " acknowledgements: %d ms%n", victim, closeMs, p, longestGapMs(ackedAtNanos.get(p)));
      }
    }
  }

  /**
   * Two nodes, and the other node's member of the metadata quorum stopped: no majority can apply the
   * handover, so a clean stop gives up after {@code controlled.shutdown.timeout.ms} and stops anyway
   * (the hang guard below is far above that bound).
   */
  @Test
  @Timeout(60)
  void withoutAQuorumACleanStopStopsAnyway() throws Exception {
    cluster = LocalCluster.start(2, dir, Map.of(
        "broker.session.timeout.ms", "30000",
        "broker.heartbeat.interval.ms", "150",
        "controlled.shutdown.timeout.ms", "500"));
    Properties ap = new Properties();
    ap.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(ap)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 2))).all().get();
      await("every partition has 2 in-sync replicas", () -> inSync(admin, 2));
    }
    cluster.node(2).broker().quorum().close();
    LogServer first = cluster.node(1);
    cluster.close(1);
    assertThat(first.broker().metadata().broker(1).orElseThrow().fenced())
        .as("node 1 never applied a fence of itself").isFalse();
  }

  private static long longestGapMs(List<Long> nanos) {
    List<Long> times = new ArrayList<>(nanos);
    long longest = 0;
    for (int i = 1; i < times.size(); i++) {
      longest = Math.max(longest, times.get(i) - times.get(i - 1));
    }
    return Duration.ofNanos(longest).toMillis();
  }

  private static boolean inSync(Admin admin, int replicas) {
    TopicDescription d = describe(admin);
    return d != null && d.partitions().stream().allMatch(p -> p.isr().size() == replicas && p.leader() != null);
  }

  private static TopicDescription describe(Admin admin) {
    try {
      return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    } catch (InterruptedException | ExecutionException e) {
      return null; // asked a node on its way down: ask again
    }
  }

  /** Waits for a condition the cluster reaches by itself, failing after 30 s. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  private void produce(List<List<Long>> acked, List<List<Long>> ackedAtNanos, AtomicBoolean producing,
      AtomicReference<Throwable> failure) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      long[] next = new long[PARTITIONS];
      while (producing.get() && failure.get() == null) {
        for (int part = 0; part < PARTITIONS; part++) {
          int partition = part;
          long value = next[part]++;
          producer.send(new ProducerRecord<>(TOPIC, partition, null, Long.toString(value)), (md, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            } else {
              acked.get(partition).add(value);
              ackedAtNanos.get(partition).add(System.nanoTime());
            }
          });
        }
        if (next[0] % 50 == 0) {
          producer.flush(); // few records in flight, so each phase of the test is reached quickly
        }
      }
      producer.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void consume(List<List<Long>> read, AtomicBoolean consuming, AtomicReference<Throwable> failure) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int part = 0; part < PARTITIONS; part++) {
        tps.add(new TopicPartition(TOPIC, part));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      while (consuming.get()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
          read.get(r.partition()).add(Long.parseLong(r.value()));
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }
}
