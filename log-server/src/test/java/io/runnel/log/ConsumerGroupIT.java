package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer group of three kafka-clients consumers joining and leaving while a producer writes:
 * every record is consumed exactly once across the group (each member commits what it processed
 * when its partitions are revoked), and the commits survive a broker restart.
 */
class ConsumerGroupIT {
  private static final String TOPIC = "work";
  private static final String GROUP = "workers";
  private static final int RECORDS = 20_000;
  @TempDir Path tmp;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A member that processes records and commits exactly what it processed. */
  private static final class Member implements Runnable {
    final KafkaConsumer<String, String> consumer;
    final Map<String, Integer> seen;
    final AtomicBoolean stop = new AtomicBoolean();
    final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    final Thread thread = new Thread(this);
    volatile Throwable failure;

    Member(EmbeddedServer server, Map<String, Integer> seen, String name) {
      this.consumer = server.consumer(Map.of("group.id", GROUP, "enable.auto.commit", "false",
          "client.id", name, "max.poll.records", "200"));
      this.seen = seen;
    }

    @Override
    public void run() {
      try {
        consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            consumer.commitSync(processed);
            processed.clear();
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
        while (!stop.get()) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
            seen.merge(r.value(), 1, Integer::sum);
            processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
          }
          consumer.commitSync(processed);
          processed.clear();
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        consumer.close(); // leaves the group: the others rebalance at once
      }
    }

    void stopAndJoin() throws InterruptedException {
      stop.set(true);
      thread.join(60_000);
    }
  }

  @Test
  void everyRecordIsConsumedOnceAcrossTheGroupAndCommitsSurviveARestart() throws Exception {
    int port = freePort();
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port))) {
      try (Admin admin = server.admin()) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
      }
      Map<String, Integer> seen = new ConcurrentHashMap<>();
      AtomicInteger produced = new AtomicInteger();
      Thread producerThread = new Thread(() -> {
        try (KafkaProducer<String, String> producer = server.producer(Map.of("linger.ms", "5"))) {
          for (int i = 0; i < RECORDS; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
            produced.incrementAndGet();
            if (i % 500 == 0) {
              Thread.sleep(20); // spread the load over the joins and leaves
            }
          }
          producer.flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      producerThread.start();

      List<Member> members = new ArrayList<>();
      for (int m = 0; m < 3; m++) {
        Member member = new Member(server, seen, "member-" + m);
        members.add(member);
        member.thread.start();
        waitFor(() -> seen.size() > (members.size()) * 2000, 30);
      }
      try (Admin admin = server.admin()) {
        waitFor(() -> describe(admin).members().size() == 3
            && describe(admin).groupState() == org.apache.kafka.common.GroupState.STABLE, 30);
        ConsumerGroupDescription group = describe(admin);
        assertThat(group.members()).hasSize(3);
        assertThat(group.members().stream().mapToInt(d -> d.assignment().topicPartitions().size()).sum()).isEqualTo(6);
      }
      members.get(1).stopAndJoin(); // a member leaves under load
      producerThread.join(120_000);
      waitFor(() -> seen.size() >= RECORDS, 60);
      members.get(0).stopAndJoin();
      members.get(2).stopAndJoin();
      for (Member m : members) {
        assertThat(m.failure).isNull();
      }
      assertThat(seen).hasSize(RECORDS);
      assertThat(seen.values()).as("each record consumed exactly once").containsOnly(1);

      server.restart();
      try (KafkaConsumer<String, String> again = server.consumer(Map.of("group.id", GROUP, "enable.auto.commit", "false"))) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
          tps.add(new TopicPartition(TOPIC, p));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = again.committed(new java.util.HashSet<>(tps));
        Map<TopicPartition, Long> ends = again.endOffsets(tps);
        for (TopicPartition tp : tps) {
          assertThat(committed.get(tp).offset()).as("commit of %s after the restart", tp).isEqualTo(ends.get(tp));
        }
        try (KafkaProducer<String, String> producer = server.producer(Map.of())) {
          for (int i = 0; i < 10; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "after-" + i, "after-" + i)).get();
          }
        }
        again.subscribe(List.of(TOPIC));
        List<String> after = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (after.size() < 10 && System.nanoTime() < deadline) {
          again.poll(Duration.ofMillis(200)).forEach(r -> after.add(r.value()));
        }
        assertThat(after).as("the group resumes from its commits: only the new records").hasSize(10)
            .allSatisfy(v -> assertThat(v).startsWith("after-"));
      }
    }
  }

  private static ConsumerGroupDescription describe(Admin admin) {
    try {
      return admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
