package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restarted in the middle of a produce loop loses no acknowledged record and writes none
 * twice. Which flush policy makes that true: a clean stop flushes and checkpoints everything, and a
 * killed broker process loses nothing either, since what it wrote sits in the page cache; only a
 * machine crash can lose what was acknowledged but not yet fsynced, and flush.messages=1 closes
 * that gap at a cost in throughput. The idempotent producer's retries across the restart are
 * recognized as duplicates because producer state is rebuilt from the log (and its snapshot).
 */
class RestartDuringProduceIT {
  @TempDir Path tmp;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void noAcknowledgedRecordIsLostOrDuplicated() throws Exception {
    int port = freePort();
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port,
        "num.partitions", "3"))) {
      ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Throwable> failures = new ArrayList<>();
      Thread loop = new Thread(() -> {
        try (KafkaProducer<String, String> producer = server.producer(Map.of("linger.ms", "2",
            "delivery.timeout.ms", "60000", "request.timeout.ms", "5000", "retry.backoff.ms", "50"))) {
          for (int i = 0; !stop.get(); i++) {
            String value = "v" + i;
            producer.send(new ProducerRecord<>("loop", "k" + (i % 7), value), (m, e) -> {
              if (e == null) {
                acked.add(value);
              } else {
                synchronized (failures) {
                  failures.add(e);
                }
              }
            });
            if (i % 100 == 0) {
              Thread.sleep(1);
            }
          }
          producer.flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      loop.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acked.size() < 2000 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      server.restart();
      int atRestart = acked.size();
      while (acked.size() < atRestart + 2000 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30)) {
        Thread.sleep(10);
      }
      stop.set(true);
      loop.join(60_000);
      assertThat(failures).isEmpty();
      assertThat(acked.size()).isGreaterThan(atRestart);

      List<String> stored = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = server.consumer(Map.of())) {
        List<TopicPartition> tps = List.of(new TopicPartition("loop", 0), new TopicPartition("loop", 1),
            new TopicPartition("loop", 2));
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stored.size() < acked.size() && System.nanoTime() < end) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            stored.add(r.value());
          }
        }
      }
      Set<String> unique = new HashSet<>(stored);
      assertThat(unique).as("no record is stored twice").hasSize(stored.size());
      assertThat(unique).as("every acknowledged record is stored").containsAll(acked);
    }
  }
}
