package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
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

/**
 * What the cluster tests run while they take nodes away: one idempotent acks=all kafka-clients
 * producer sending 0, 1, 2, ... to every partition of a topic (recording each acknowledged value and
 * when), and one consumer reading every partition from the beginning; then {@link #stopAndCheck}
 * asserts what a user expects, every acknowledged value read exactly once and in order. Both clients
 * refresh their metadata every second. The lists are filled on the clients' threads; read them from
 * the test thread. Also the helpers those tests share ({@link #await}, {@link #describe}).
 */
final class SequentialWorkload {
  private final String bootstrap;
  private final String topic;
  private final int partitions;
  private final List<List<Long>> acked = new ArrayList<>();
  private final List<List<Long>> ackedAtNanos = new ArrayList<>();
  private final List<List<Long>> read = new ArrayList<>();
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread producer;
  private final Thread consumer;

  private SequentialWorkload(String bootstrap, String topic, int partitions) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.partitions = partitions;
    for (int p = 0; p < partitions; p++) {
      acked.add(Collections.synchronizedList(new ArrayList<>()));
      ackedAtNanos.add(Collections.synchronizedList(new ArrayList<>()));
      read.add(Collections.synchronizedList(new ArrayList<>()));
    }
    producer = new Thread(this::produce, "test-producer");
    consumer = new Thread(this::consume, "test-consumer");
  }

  /** Starts the producer and the consumer on {@code partitions} partitions of {@code topic}. */
  static SequentialWorkload start(String bootstrap, String topic, int partitions) {
    SequentialWorkload w = new SequentialWorkload(bootstrap, topic, partitions);
    w.producer.start();
    w.consumer.start();
    return w;
  }

  /** How many values of {@code partition} have been acknowledged so far. */
  int acknowledged(int partition) {
    return acked.get(partition).size();
  }

  /** The longest time between two acknowledgements on {@code partition}, in ms (for the record). */
  long longestGapMs(int partition) {
    List<Long> times = new ArrayList<>(ackedAtNanos.get(partition));
    long longest = 0;
    for (int i = 1; i < times.size(); i++) {
      longest = Math.max(longest, times.get(i) - times.get(i - 1));
    }
    return Duration.ofNanos(longest).toMillis();
  }

  /**
   * Stops the producer, waits until the consumer has read as many values as were acknowledged, stops
   * it, and asserts: no client failed, and every partition holds 0, 1, 2, ... exactly once and in
   * order, including every acknowledged value.
   */
  void stopAndCheck() throws InterruptedException {
    producing.set(false);
    producer.join(60_000);
    assertThat(failure.get()).isNull();
    await("the consumer has read every acknowledged value", () -> {
      for (int p = 0; p < partitions; p++) {
        if (read.get(p).size() < acked.get(p).size()) {
          return false;
        }
      }
      return true;
    });
    consuming.set(false);
    consumer.join(30_000);
    assertThat(failure.get()).isNull();
    for (int p = 0; p < partitions; p++) {
      List<Long> values = new ArrayList<>(read.get(p));
      for (int i = 0; i < values.size(); i++) {
        assertThat(values.get(i)).as("partition %d position %d", p, i).isEqualTo(i);
      }
      assertThat(values).as("partition %d", p).containsAll(acked.get(p));
    }
  }

  private void produce() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "1000");
    try (KafkaProducer<String, String> kafka = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      long[] next = new long[partitions];
      while (producing.get() && failure.get() == null) {
        for (int part = 0; part < partitions; part++) {
          int partition = part;
          long value = next[part]++;
          kafka.send(new ProducerRecord<>(topic, partition, null, Long.toString(value)), (md, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            } else {
              acked.get(partition).add(value);
              ackedAtNanos.get(partition).add(System.nanoTime());
            }
          });
        }
        if (next[0] % 50 == 0) {
          kafka.flush(); // few records in flight, so each phase of a test is reached quickly
        }
      }
      kafka.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void consume() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
    try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(p, new StringDeserializer(),
        new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int part = 0; part < partitions; part++) {
        tps.add(new TopicPartition(topic, part));
      }
      kafka.assign(tps);
      kafka.seekToBeginning(tps);
      while (consuming.get()) {
        for (ConsumerRecord<String, String> r : kafka.poll(Duration.ofMillis(100))) {
          read.get(r.partition()).add(Long.parseLong(r.value()));
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Waits for a condition the cluster reaches by itself, failing after 30 s. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The topic as Admin describes it, or null when the node asked was on its way down (ask again). */
  static TopicDescription describe(Admin admin, String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    } catch (InterruptedException | ExecutionException e) {
      return null;
    }
  }

  /** Creates {@code topic} and waits until every partition has all {@code replicas} in sync. */
  static void createInSync(Admin admin, String topic, int partitions, int replicas) throws Exception {
    createInSync(admin, topic, partitions, replicas, Map.of());
  }

  /** Creates {@code topic} with {@code configs} and waits until every partition has all {@code replicas} in sync. */
  static void createInSync(Admin admin, String topic, int partitions, int replicas, Map<String, String> configs)
      throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicas).configs(configs))).all().get();
    await("every partition of " + topic + " has " + replicas + " in-sync replicas", () -> inSync(admin, topic, replicas));
  }

  /** A replica of the partition other than its leader. */
  static int follower(TopicPartitionInfo info) {
    return info.replicas().stream().map(Node::id).filter(id -> id != info.leader().id()).findFirst().orElseThrow();
  }

  /** Whether every partition of {@code topic} has a leader and {@code replicas} in-sync replicas. */
  static boolean inSync(Admin admin, String topic, int replicas) {
    TopicDescription d = describe(admin, topic);
    return d != null && d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == replicas);
  }
}
