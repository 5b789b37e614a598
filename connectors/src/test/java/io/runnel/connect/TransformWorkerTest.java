package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transform chains and headers through a worker on the memory log. */
class TransformWorkerTest {
  @TempDir Path dir;
  private final String logName = "transforms-" + UUID.randomUUID();
  private final MemoryLog log = MemoryLog.named(logName);
  private final Map<String, String> workerConfig =
      Map.of("log.backend", "memory", "log.memory.name", logName, "offset.flush.interval.ms", "50");

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSinkChainFiltersRenamesInsertsMasksAndRoutes() {
    log.createTopic(TopicSpec.of("orders-raw", 1));
    try (LogProducer producer = log.newProducer()) {
      TopicPartition tp = new TopicPartition("orders-raw", 0);
      producer.send(tp, utf8("a"), utf8("{\"id\":1,\"card\":\"4111\",\"note\":\"x\"}"), 5L);
      producer.send(tp, utf8("b"), null, 6L); // a tombstone: filtered out
      producer.send(
          tp,
          utf8("c"),
          utf8("{\"id\":2,\"card\":\"5500\",\"note\":\"y\"}"),
          7L,
          List.of(new LogHeader("skip", utf8("1")))); // has the header: filtered out
      producer.send(tp, utf8("d"), utf8("{\"id\":3,\"card\":\"3400\",\"note\":\"z\"}"), 8L);
    }
    String name = "chain-" + UUID.randomUUID();
    Map<String, String> sink = new HashMap<>();
    sink.put("name", name);
    sink.put("connector.class", RecordingSink.class.getName());
    sink.put("topics", "orders-raw");
    sink.put("value.converter", "json");
    sink.put("transforms", "dropTombstones,dropSkipped,rename,insert,mask,route");
    sink.put("transforms.dropTombstones.type", "filter");
    sink.put("transforms.dropTombstones.predicate", "tombstone");
    sink.put("transforms.dropSkipped.type", "filter");
    sink.put("transforms.dropSkipped.predicate", "skip");
    sink.put("transforms.rename.type", "replace-field");
    sink.put("transforms.rename.renames", "id:order_id");
    sink.put("transforms.rename.exclude", "note");
    sink.put("transforms.insert.type", "insert-field");
    sink.put("transforms.insert.topic.field", "source_topic");
    sink.put("transforms.insert.offset.field", "source_offset");
    sink.put("transforms.mask.type", "mask-field");
    sink.put("transforms.mask.fields", "card");
    sink.put("transforms.route.type", "regex-router");
    sink.put("transforms.route.regex", "(.*)-raw");
    sink.put("transforms.route.replacement", "$1");
    sink.put("predicates", "tombstone,skip");
    sink.put("predicates.tombstone.type", "record-is-tombstone");
    sink.put("predicates.skip.type", "has-header-key");
    sink.put("predicates.skip.name", "skip");
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(sink);
      Await.until("two records", () -> RecordingSink.received(name).size() >= 2);
    }
    List<SinkRecord> received = RecordingSink.received(name);
    assertThat(received).hasSize(2);
    assertThat(received.get(0).topic()).isEqualTo("orders");
    assertThat(received.get(0).value())
        .isEqualTo(
            Map.of("order_id", 1, "card", "", "source_topic", "orders-raw", "source_offset", 0L));
    assertThat(received.get(1).value())
        .isEqualTo(
            Map.of("order_id", 3, "card", "", "source_topic", "orders-raw", "source_offset", 3L));
    assertThat(received.get(1).key()).isEqualTo("d");
  }

  @Test
  void fileSourceHeadersReachTheLogAndASourceChainRoutesByTimestamp() throws IOException {
    Path app = dir.resolve("in/app.log");
    Files.createDirectories(app.getParent());
    Files.writeString(app, "one\ntwo\n");
    Map<String, String> source = new HashMap<>();
    source.put("name", "ship");
    source.put("connector.class", "file-source");
    source.put("file.glob", dir.resolve("in/*.log").toString());
    source.put("topic", "app-raw");
    source.put("host.name", "web-1");
    source.put("transforms", "route,day");
    source.put("transforms.route.type", "RegexRouter");
    source.put("transforms.route.regex", "app-raw");
    source.put("transforms.route.replacement", "app");
    source.put("transforms.day.type", "timestamp-router");
    source.put("transforms.day.timestamp.format", "yyyy");
    long before = System.currentTimeMillis();
    String topic;
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(source);
      // The year cannot be known before the records are stamped; either year may be the one.
      String thisYear = "app-" + java.time.Year.now(java.time.ZoneOffset.UTC);
      String nextYear = "app-" + java.time.Year.now(java.time.ZoneOffset.UTC).plusYears(1);
      Await.until(
          "two records",
          () ->
              List.of(thisYear, nextYear).stream()
                  .anyMatch(t -> log.describeTopic(t).isPresent() && log.records(t).size() >= 2));
      topic = log.describeTopic(thisYear).isPresent() ? thisYear : nextYear;
    }
    assertThat(log.describeTopic("app-raw")).isEmpty();
    List<LogRecord> records = log.records(topic);
    assertThat(records).hasSize(2);
    LogRecord first = records.get(0);
    assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(first.timestamp()).isGreaterThanOrEqualTo(before);
    assertThat(first.headers())
        .extracting(LogHeader::key, h -> new String(h.value(), StandardCharsets.UTF_8))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("host", "web-1"),
            org.assertj.core.groups.Tuple.tuple("file", app.toString()));
  }
}
