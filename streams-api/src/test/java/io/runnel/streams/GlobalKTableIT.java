package io.runnel.streams;

import static io.runnel.streams.RestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LogServer;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.TestLogServer;
import io.runnel.streams.log.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream-GlobalKTable join on the kafka backend against a real log-server: the global topic (3
 * partitions) is not co-partitioned with the stream (2 partitions); rows written with plain
 * kafka-clients before start are loaded before the first order is joined; the output is read with a
 * plain consumer; the global checkpoint is written on close.
 */
class GlobalKTableIT {
  @TempDir Path logDir;
  @TempDir Path stateDir;

  @Test
  void joinsOrdersWithEveryPartitionOfAGlobalTableOnARealLogServer() {
    try (LogServer server = TestLogServer.start(logDir)) {
      String servers = server.bootstrapServers();
      try (Log log = Log.open(Map.of("log.backend", "kafka", "bootstrap.servers", servers))) {
        log.createTopic(TopicSpec.of("customers", 3));
        log.createTopic(TopicSpec.of("orders", 2));
        log.createTopic(TopicSpec.of("out", 2));
      }
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
              new StringSerializer(),
              new StringSerializer())) {
        for (int c = 0; c < 20; c++) {
          producer.send(new ProducerRecord<>("customers", "c" + c, "name" + c));
        }
        producer.send(new ProducerRecord<>("customers", "c3", null)); // deleted
        producer.flush();
        for (int o = 0; o < 20; o++) {
          producer.send(new ProducerRecord<>("orders", "o" + o, "c" + o + ":item"));
        }
      }
      RunnelStreams app =
          new RunnelStreams(
              GlobalKTableTest.orders(true),
              Map.of(
                  "application.id",
                  "global-it",
                  "bootstrap.servers",
                  servers,
                  "state.dir",
                  stateDir.toString(),
                  "commit.interval.ms",
                  "100"));
      app.start();
      Map<String, String> out = new HashMap<>();
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                  ConsumerConfig.GROUP_ID_CONFIG, "global-it-reader",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of("out"));
        await(
            () -> {
              for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                out.put(r.key(), r.value());
              }
              return out.size() >= 20;
            },
            "20 joined orders");
      }
      Map<String, String> expected = new HashMap<>();
      for (int o = 0; o < 20; o++) {
        expected.put("o" + o, "c" + o + ":item/" + (o == 3 ? "null" : "name" + o));
      }
      assertThat(out).isEqualTo(expected);
      assertThat(app.state()).isEqualTo(RunnelStreams.State.RUNNING);
      assertThat(app.close(Duration.ofSeconds(30))).isTrue();
      assertThat(app.state()).isEqualTo(RunnelStreams.State.NOT_RUNNING);
      assertThat(stateDir.resolve("global-it/global/.checkpoint"))
          .content()
          .contains("customers-0 ", "customers-1 ", "customers-2 ");
    }
  }
}
