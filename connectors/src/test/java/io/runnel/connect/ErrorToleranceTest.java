package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.convert.JsonConverter;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * errors.tolerance, the dead-letter topic and the errant record reporter, through a worker on the
 * memory log.
 */
class ErrorToleranceTest {
  private final String logName = "errors-" + UUID.randomUUID();
  private final MemoryLog log = MemoryLog.named(logName);
  private final Map<String, String> workerConfig =
      Map.of("log.backend", "memory", "log.memory.name", logName, "offset.flush.interval.ms", "50");
  private final String sinkName = "sink-" + UUID.randomUUID();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Orders: offset 1 is not JSON, offset 2 is rejected by the sink, 0 and 3 are good. */
  private void produceOrders(int from, String... values) {
    log.createTopic(TopicSpec.of("orders", 1));
    try (LogProducer producer = log.newProducer()) {
      for (int i = 0; i < values.length; i++) {
        producer.send(
            new TopicPartition("orders", 0),
            utf8("k" + (from + i)),
            utf8(values[i]),
            1000L + from + i,
            List.of(new LogHeader("trace", utf8("t" + (from + i)))));
      }
    }
  }

  private Map<String, String> sink(String... extra) {
    Map<String, String> config = new HashMap<>();
    config.put("name", sinkName);
    config.put("connector.class", RecordingSink.class.getName());
    config.put("topics", "orders");
    config.put("value.converter", "json");
    for (int i = 0; i < extra.length; i += 2) {
      config.put(extra[i], extra[i + 1]);
    }
    return config;
  }

  private List<Object> receivedIds() {
    return RecordingSink.received(sinkName).stream()
        .map(r -> (Object) ((Map<?, ?>) r.value()).get("id"))
        .toList();
  }

  private static Map<String, String> headers(LogRecord r) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (LogHeader h : r.headers()) {
      headers.put(h.key(), text(h.value()));
    }
    return headers;
  }

  @Test
  void toleratedBadRecordsGoToTheDeadLetterTopicWithTheirErrorAndProcessingGoesOn() {
    produceOrders(0, "{\"id\":1}", "not json", "{\"id\":3,\"reject\":true}", "{\"id\":4}");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(
          sink(
              "errors.tolerance", "all",
              "errors.log.enable", "true",
              "errors.deadletterqueue.topic.name", "orders-dlq",
              "errors.deadletterqueue.context.headers.enable", "true"));
      Await.until("two good records", () -> receivedIds().size() >= 2);
      Await.until(
          "two dead letters",
          () -> log.describeTopic("orders-dlq").isPresent() && log.records("orders-dlq").size() >= 2);
      assertThat(worker.status())
          .extracting(TaskStatus::state)
          .containsExactly(TaskStatus.State.RUNNING);
    }
    assertThat(receivedIds()).containsExactly(1, 4);
    // The sink sees the log record's headers.
    assertThat(RecordingSink.received(sinkName).get(0).headers())
        .containsExactly(new Header("trace", "t0"));

    List<LogRecord> dead = log.records("orders-dlq");
    assertThat(dead).hasSize(2);
    LogRecord notJson = dead.get(0);
    assertThat(text(notJson.key())).isEqualTo("k1");
    assertThat(text(notJson.value())).isEqualTo("not json");
    assertThat(notJson.timestamp()).isEqualTo(1001L);
    Map<String, String> h = headers(notJson);
    assertThat(h)
        .containsEntry("trace", "t1")
        .containsEntry("__connect.errors.topic", "orders")
        .containsEntry("__connect.errors.partition", "0")
        .containsEntry("__connect.errors.offset", "1")
        .containsEntry("__connect.errors.connector.name", sinkName)
        .containsEntry("__connect.errors.task.id", "0")
        .containsEntry("__connect.errors.stage", "VALUE_CONVERTER")
        .containsEntry("__connect.errors.class.name", JsonConverter.class.getName())
        .containsEntry("__connect.errors.exception.class.name", ConnectException.class.getName());
    assertThat(h.get("__connect.errors.exception.message")).contains("not valid JSON");
    assertThat(h.get("__connect.errors.exception.stacktrace")).contains("JsonConverter");

    LogRecord rejected = dead.get(1);
    assertThat(text(rejected.value())).isEqualTo("{\"id\":3,\"reject\":true}");
    assertThat(headers(rejected))
        .containsEntry("__connect.errors.offset", "2")
        .containsEntry("__connect.errors.stage", "TASK_PUT")
        .containsEntry("__connect.errors.class.name", RecordingSink.Task.class.getName())
        .containsEntry("__connect.errors.exception.message", "record rejected by the destination");

    // The group's commit covers the bad records: a restarted sink repeats nothing.
    produceOrders(4, "{\"id\":5}");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(
          sink("errors.tolerance", "all", "errors.deadletterqueue.topic.name", "orders-dlq"));
      Await.until("the new record", () -> receivedIds().size() >= 3);
    }
    assertThat(receivedIds()).containsExactly(1, 4, 5);
    assertThat(log.records("orders-dlq")).hasSize(2);
  }

  @Test
  void withoutContextHeadersTheDeadLetterKeepsOnlyTheOriginalHeaders() {
    produceOrders(0, "not json", "{\"id\":2}");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(
          sink("errors.tolerance", "all", "errors.deadletterqueue.topic.name", "dlq"));
      Await.until("the good record", () -> receivedIds().size() >= 1);
      Await.until(
          "the dead letter",
          () -> log.describeTopic("dlq").isPresent() && !log.records("dlq").isEmpty());
    }
    assertThat(headers(log.records("dlq").get(0))).containsExactly(Map.entry("trace", "t0"));
  }

  @Test
  void withoutToleranceABadRecordFailsTheTaskAndItsStatusSaysWhy() {
    produceOrders(0, "{\"id\":1}", "not json", "{\"id\":3}");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(sink());
      Await.until("the failure", () -> worker.status().get(0).state() == TaskStatus.State.FAILED);
      assertThat(worker.status().get(0).lastError())
          .contains("VALUE_CONVERTER failed on the record of topic 'orders' partition 0 offset 1")
          .contains("not valid JSON")
          .contains("errors.tolerance=all");
    }
    assertThat(receivedIds()).isEmpty(); // the batch failed before its put
  }

  @Test
  void aRecordTheSinkReportsFailsTheTaskWithoutTolerance() {
    produceOrders(0, "{\"id\":1,\"reject\":true}");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(sink());
      Await.until("the failure", () -> worker.status().get(0).state() == TaskStatus.State.FAILED);
      assertThat(worker.status().get(0).lastError())
          .contains("TASK_PUT failed on the record of topic 'orders' partition 0 offset 0")
          .contains("record rejected by the destination");
    }
  }

  @Test
  void aSourceSkipsRecordsAFailingTransformRejectsAndStoresTheirOffsets() {
    String name = "counter-" + UUID.randomUUID();
    Map<String, String> source = new HashMap<>();
    source.put("name", name);
    source.put("connector.class", CountingSource.class.getName());
    source.put("topic", "counted");
    source.put("count", "6");
    source.put("value.converter", "json");
    source.put("transforms", "tag");
    source.put("transforms.tag.type", "insert-field");
    source.put("transforms.tag.static.field", "tag");
    source.put("transforms.tag.static.value", "x");
    source.put("errors.tolerance", "all");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(source);
      Await.until(
          "four records",
          () -> log.describeTopic("counted").isPresent() && log.records("counted").size() >= 4);
    }
    List<String> values = log.records("counted").stream().map(r -> text(r.value())).toList();
    assertThat(values)
        .containsExactly(
            "{\"n\":0,\"tag\":\"x\"}",
            "{\"n\":1,\"tag\":\"x\"}",
            "{\"n\":3,\"tag\":\"x\"}",
            "{\"n\":4,\"tag\":\"x\"}");
    assertThat(headers(log.records("counted").get(0))).containsEntry("n", "0");

    // Record 5 was skipped, and its offset stored: the restarted task resumes after it.
    CountingSource.reset(name);
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(source);
      Await.until("the task started", () -> CountingSource.resumedAt(name) != null);
    }
    assertThat(CountingSource.resumedAt(name)).isEqualTo(6);

    // Without tolerance the first bad record fails the task, naming where it came from.
    source.put("name", name + "-strict");
    source.remove("errors.tolerance");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(source);
      Await.until("the failure", () -> worker.status().get(0).state() == TaskStatus.State.FAILED);
      assertThat(worker.status().get(0).lastError())
          .contains("TRANSFORMATION failed")
          .contains("source partition {source=counter} at offset {i=2}")
          .contains("InsertField needs a value that is a map");
    }
  }

  @Test
  void invalidErrorAndTransformKeysAreNamed() {
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      assertThatThrownBy(() -> worker.startConnector(sink("errors.tolerance", "some")))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'errors.tolerance'");
      assertThatThrownBy(() -> worker.startConnector(sink("errors.retry.timeout.ms", "-2")))
          .hasMessageContaining("'errors.retry.timeout.ms'");
      assertThatThrownBy(() -> worker.startConnector(sink("transforms", "x")))
          .hasMessageContaining("'transforms.x.type'");
      assertThatThrownBy(
              () ->
                  worker.startConnector(
                      sink("transforms", "x", "transforms.x.type", "regex-router")))
          .hasMessageContaining("'transforms.x.regex'");
      assertThat(worker.connectors()).isEmpty();
    }
  }
}
