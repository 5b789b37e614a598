package io.runnel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unmodified kafka-clients 4.4 producers and consumers against a real log-server on loopback. */
class ProduceConsumeIT {
  @TempDir Path tmp;

  private static List<ConsumerRecord<String, String>> readAll(KafkaConsumer<String, String> consumer, String topic,
      int partitions, int expected) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (out.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }

  @Test
  void aDefaultProducerAndConsumerRoundTrip() throws Exception {
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of("num.partitions", "3"));
        KafkaProducer<String, String> producer = server.producer(Map.of());
        KafkaConsumer<String, String> consumer = server.consumer(Map.of())) {
      List<RecordMetadata> acks = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        acks.add(producer.send(new ProducerRecord<>("orders", "key-" + (i % 10), "value-" + i)).get());
      }
      assertThat(acks).allSatisfy(m -> assertThat(m.offset()).isGreaterThanOrEqualTo(0));
      List<ConsumerRecord<String, String>> read = readAll(consumer, "orders", 3, 1000);
      assertThat(read).hasSize(1000);
      assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(
          java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "value-" + i).toList());
      // per key, order is kept
      for (int k = 0; k < 10; k++) {
        String key = "key-" + k;
        List<Integer> values = read.stream().filter(r -> r.key().equals(key))
            .map(r -> Integer.parseInt(r.value().substring(6))).toList();
        assertThat(values).isSorted();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
  void everyCompressionCodecIsStoredAndServed(String codec) throws Exception {
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of());
        KafkaProducer<String, String> producer = server.producer(Map.of("compression.type", codec, "linger.ms", "20"));
        KafkaConsumer<String, String> consumer = server.consumer(Map.of())) {
      for (int i = 0; i < 500; i++) {
        producer.send(new ProducerRecord<>("compressed", "k" + i, "v".repeat(50) + i));
      }
      producer.flush();
      List<ConsumerRecord<String, String>> read = readAll(consumer, "compressed", 1, 500);
      assertThat(read).hasSize(500);
      assertThat(read.get(499).value()).isEqualTo("v".repeat(50) + 499);
      assertThat(read.get(499).offset()).isEqualTo(499);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "all"})
  void everyAcksSettingDelivers(String acks) throws Exception {
    try (EmbeddedServer server = new EmbeddedServer(tmp, Map.of());
        KafkaProducer<String, String> producer = server.producer(Map.of("acks", acks,
            "enable.idempotence", acks.equals("all") ? "true" : "false"));
        KafkaConsumer<String, String> consumer = server.consumer(Map.of())) {
      for (int i = 0; i < 200; i++) {
        producer.send(new ProducerRecord<>("acks-" + acks, "k", "v" + i)).get();
      }
      assertThat(readAll(consumer, "acks-" + acks, 1, 200)).hasSize(200);
    }
  }
}
