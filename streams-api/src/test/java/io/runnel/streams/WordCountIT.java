package io.runnel.streams;

import static io.runnel.streams.WordCountTest.LINES;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LogServer;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.TestLogServer;
import io.runnel.streams.log.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word count on the kafka backend against a real log-server: input written and output read with
 * unmodified kafka-clients (default partitioner, StringSerializer, LongDeserializer); then a
 * restart after the state directory was deleted restores the counts from the changelog topic.
 */
class WordCountIT {
  @TempDir Path logDir;
  @TempDir Path stateDir;

  private String servers;

  private RunnelStreams startApp(RestoreListener restores) {
    RunnelStreams app =
        new RunnelStreams(
            WordCountTest.wordCount(),
            Map.of(
                "application.id",
                "wc-it",
                "bootstrap.servers",
                servers,
                "state.dir",
                stateDir.toString(),
                "commit.interval.ms",
                "100"));
    app.setRestoreListener(restores);
    app.start();
    return app;
  }

  private void produce(List<String> lines) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < lines.size(); i++) {
        producer.send(new ProducerRecord<>("lines", "line-" + i, lines.get(i)));
      }
    }
  }

  private static void readUntil(
      KafkaConsumer<String, Long> consumer, Map<String, Long> latest, Map<String, Long> expected) {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!latest.equals(expected) && System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
        latest.put(r.key(), r.value());
      }
    }
  }

  @Test
  void countsWordsOnARealLogServerAndRestoresFromTheChangelog() throws IOException {
    try (LogServer server = TestLogServer.start(logDir);
        KafkaConsumer<String, Long> output =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "wc-it-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new LongDeserializer())) {
      servers = server.bootstrapServers();
      try (Log log = Log.open(Map.of("log.backend", "kafka", "bootstrap.servers", servers))) {
        log.createTopic(TopicSpec.of("lines", 4));
        log.createTopic(TopicSpec.of("word-counts", 4));
      }
      output.subscribe(List.of("word-counts"));

      RunnelStreams app = startApp(RestoreListener.NONE);
      produce(LINES);
      Map<String, Long> latest = new HashMap<>();
      Map<String, Long> expected = WordCountTest.expectedCounts(LINES);
      readUntil(output, latest, expected);
      assertThat(latest).isEqualTo(expected);
      assertThat(app.state()).isEqualTo(RunnelStreams.State.RUNNING);
      assertThat(app.close(Duration.ofSeconds(30))).isTrue();
      assertThat(app.state()).isEqualTo(RunnelStreams.State.NOT_RUNNING);

      // Lose the state: the restart restores every count from the compacted changelog.
      try (Stream<Path> paths = Files.walk(stateDir.resolve("wc-it"))) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      AtomicLong restored = new AtomicLong();
      app =
          startApp(
              new RestoreListener() {
                @Override
                public void onRestoreEnd(RestoreProgress progress) {
                  restored.addAndGet(progress.restored());
                }
              });
      List<String> all = new ArrayList<>(LINES);
      all.add("fox");
      produce(List.of("fox"));
      Map<String, Long> expected2 = WordCountTest.expectedCounts(all);
      readUntil(output, latest, expected2);
      assertThat(latest).isEqualTo(expected2).containsEntry("fox", 3L);
      assertThat(restored.get()).isPositive();
      assertThat(app.close(Duration.ofSeconds(30))).isTrue();
    }
  }
}
