package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Headers, a transform chain, and bad records going to the dead-letter topic, against a real
 * log-server (kafka backend, unmodified kafka-clients).
 */
class ErrorsAndTransformsIT extends OnLogServer {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(LogRecord r) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (LogHeader h : r.headers()) {
      headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  @Test
  void badRecordsReachTheDeadLetterTopicAndGoodOnesAreTransformedWithTheirHeaders()
      throws IOException {
    try (Log log = Log.open(Map.of("bootstrap.servers", server.bootstrapServers()));
        LogProducer producer = log.newProducer()) {
      log.createTopic(TopicSpec.of("payments", 1));
      TopicPartition tp = new TopicPartition("payments", 0);
      List<LogHeader> trace = List.of(new LogHeader("trace", utf8("abc")));
      producer.send(tp, utf8("p1"), utf8("{\"id\":1,\"card\":\"4111\"}"), 10L, trace);
      producer.send(tp, utf8("p2"), utf8("{broken"), 11L, trace);
      producer.send(tp, utf8("p3"), utf8("{\"id\":3,\"card\":\"5500\",\"reject\":true}"), 12L);
      producer.send(tp, utf8("p4"), utf8("{\"id\":4,\"card\":\"3400\"}"), 13L);
      producer.flush();
    }
    Map<String, String> sink = new HashMap<>();
    sink.put("name", "payments-it");
    sink.put("connector.class", RecordingSink.class.getName());
    sink.put("topics", "payments");
    sink.put("value.converter", "json");
    sink.put("errors.tolerance", "all");
    sink.put("errors.deadletterqueue.topic.name", "payments-dlq");
    sink.put("errors.deadletterqueue.context.headers.enable", "true");
    sink.put("errors.retry.timeout.ms", "30000");
    sink.put("transforms", "mask,stamp");
    sink.put("transforms.mask.type", "mask-field");
    sink.put("transforms.mask.fields", "card");
    sink.put("transforms.stamp.type", "insert-field");
    sink.put("transforms.stamp.offset.field", "offset");

    // And a file-source whose headers must reach the log.
    Path app = dir.resolve("logs/app.log");
    Files.createDirectories(app.getParent());
    Files.writeString(app, "hello\n");
    Map<String, String> source =
        Map.of(
            "name", "shipper",
            "connector.class", "file-source",
            "file.glob", dir.resolve("logs/*.log").toString(),
            "topic", "app-logs",
            "host.name", "it-host");

    try (StandaloneWorker worker = new StandaloneWorker(workerConfig())) {
      worker.startConnector(sink);
      worker.startConnector(source);
      Await.until("two good records", () -> RecordingSink.received("payments-it").size() >= 2);
      Await.until("two dead letters", () -> read("payments-dlq", 2).size() >= 2);
      Await.until("the shipped line", () -> read("app-logs", 1).size() >= 1);
      assertThat(worker.status()).extracting(TaskStatus::state).containsOnly(TaskStatus.State.RUNNING);
    }

    List<SinkRecord> good = RecordingSink.received("payments-it");
    assertThat(good).extracting(SinkRecord::value)
        .containsExactly(
            Map.of("id", 1, "card", "", "offset", 0L), Map.of("id", 4, "card", "", "offset", 3L));
    assertThat(good.get(0).headers()).containsExactly(new Header("trace", "abc"));

    List<LogRecord> dead = read("payments-dlq", 2);
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("p2");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{broken");
    assertThat(headers(dead.get(0)))
        .containsEntry("trace", "abc")
        .containsEntry("__connect.errors.topic", "payments")
        .containsEntry("__connect.errors.partition", "0")
        .containsEntry("__connect.errors.offset", "1")
        .containsEntry("__connect.errors.connector.name", "payments-it")
        .containsEntry("__connect.errors.stage", "VALUE_CONVERTER");
    assertThat(headers(dead.get(1)))
        .containsEntry("__connect.errors.offset", "2")
        .containsEntry("__connect.errors.stage", "TASK_PUT")
        .containsEntry("__connect.errors.exception.message", "record rejected by the destination");

    LogRecord line = read("app-logs", 1).get(0);
    assertThat(new String(line.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(headers(line)).containsEntry("host", "it-host").containsEntry("file", app.toString());
  }

  /** Up to {@code atLeast} records of partition 0 of {@code topic}, read from the start. */
  private List<LogRecord> read(String topic, int atLeast) {
    List<LogRecord> records = new ArrayList<>();
    try (Log log = Log.open(Map.of("bootstrap.servers", server.bootstrapServers()))) {
      if (log.describeTopic(topic).isEmpty()) {
        return records;
      }
      try (LogConsumer consumer = log.newConsumer(null)) {
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seek(tp, 0);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (records.size() < Math.min(atLeast, end) && System.nanoTime() < deadline) {
          records.addAll(consumer.poll(Duration.ofMillis(200)));
        }
      }
    }
    return records;
  }
}
