package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.connect.Await;
import io.runnel.connect.StandaloneWorker;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jdbc-source -> log (JSON values) -> jdbc-sink (upsert) through a worker on the memory log, and
 * jdbc-sink's rejected rows in the dead-letter topic.
 */
class JdbcWorkerTest {
  @TempDir Path dir;

  @Test
  void rowsAreCopiedTableToTableThroughTheLog() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("shop.db");
    execute(url, "CREATE TABLE \"orders\" (\"id\" INTEGER PRIMARY KEY, \"item\" TEXT)");
    execute(url, "INSERT INTO \"orders\" VALUES (1, 'apple'), (2, 'pear')");

    String logName = "jdbc-" + UUID.randomUUID();
    Map<String, String> worker =
        Map.of(
            "log.backend", "memory",
            "log.memory.name", logName,
            "value.converter", "json",
            "offset.flush.interval.ms", "50");
    try (StandaloneWorker w = new StandaloneWorker(worker)) {
      w.startConnector(
          Map.of(
              "name", "orders-in",
              "connector.class", "jdbc-source",
              "connection.url", url,
              "tables", "orders",
              "incrementing.column.name", "id",
              "topic.prefix", "db-",
              "poll.interval.ms", "20"));
      w.startConnector(
          Map.of(
              "name", "orders-out",
              "connector.class", "jdbc-sink",
              "topics", "db-orders",
              "connection.url", url,
              "table.name.format", "orders_copy",
              "insert.mode", "upsert",
              "pk.mode", "record_value",
              "pk.fields", "id"));
      Await.until("2 copied rows", () -> items(url).size() == 2);
      execute(url, "INSERT INTO \"orders\" VALUES (3, 'plum')");
      Await.until("3 copied rows", () -> items(url).size() == 3);
    }
    assertThat(items(url)).containsExactly("1:apple", "2:pear", "3:plum");
    // jdbc-source's schema header reaches the log.
    LogRecord first = MemoryLog.named(logName).records("db-orders").get(0);
    assertThat(first.headers()).extracting(LogHeader::key).containsExactly("schema");
    assertThat(new String(first.headers().get(0).value(), StandardCharsets.UTF_8))
        .contains("\"id\"")
        .contains("\"item\"");
  }

  @Test
  void rowsTheDatabaseRejectsGoToTheDeadLetterTopic() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("shop.db");
    execute(
        url,
        "CREATE TABLE \"orders_copy\" (\"id\" INTEGER PRIMARY KEY, \"item\" TEXT NOT NULL)");
    String logName = "jdbc-" + UUID.randomUUID();
    MemoryLog log = MemoryLog.named(logName);
    log.createTopic(TopicSpec.of("items", 1));
    try (LogProducer producer = log.newProducer()) {
      TopicPartition tp = new TopicPartition("items", 0);
      for (String value :
          List.of(
              "{\"id\":1,\"item\":\"apple\"}",
              "{\"id\":2,\"item\":null}",
              "[\"not\",\"a\",\"row\"]",
              "{\"id\":4,\"item\":\"plum\"}")) {
        producer.send(tp, null, value.getBytes(StandardCharsets.UTF_8), 0L);
      }
    }
    Map<String, String> worker =
        Map.of(
            "log.backend", "memory",
            "log.memory.name", logName,
            "value.converter", "json",
            "offset.flush.interval.ms", "50");
    try (StandaloneWorker w = new StandaloneWorker(worker)) {
      w.startConnector(
          Map.of(
              "name", "items-out",
              "connector.class", "jdbc-sink",
              "topics", "items",
              "connection.url", url,
              "table.name.format", "orders_copy",
              "pk.mode", "record_value",
              "pk.fields", "id",
              "errors.tolerance", "all",
              "errors.deadletterqueue.topic.name", "items-dlq",
              "errors.deadletterqueue.context.headers.enable", "true"));
      Await.until("2 rows", () -> items(url).size() == 2);
      Await.until(
          "2 dead letters",
          () -> log.describeTopic("items-dlq").isPresent() && log.records("items-dlq").size() == 2);
    }
    assertThat(items(url)).containsExactly("1:apple", "4:plum");
    List<String> offsets = new ArrayList<>();
    for (LogRecord r : log.records("items-dlq")) {
      for (LogHeader h : r.headers()) {
        if (h.key().equals("__connect.errors.offset")) {
          offsets.add(new String(h.value(), StandardCharsets.UTF_8));
        }
      }
    }
    // The value that is no row is reported while the batch is built, the rejected row after.
    assertThat(offsets).containsExactly("2", "1");
    assertThat(new String(log.records("items-dlq").get(1).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":2,\"item\":null}");
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> items(String url) {
    List<String> items = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT \"id\", \"item\" FROM \"orders_copy\" ORDER BY \"id\"")) {
      while (rs.next()) {
        items.add(rs.getLong(1) + ":" + rs.getString(2));
      }
    } catch (SQLException e) {
      return List.of(); // not created yet
    }
    return items;
  }
}
