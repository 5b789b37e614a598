package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.connect.Await;
import io.runnel.connect.StandaloneWorker;
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

/** jdbc-source -> log (JSON values) -> jdbc-sink (upsert) through a worker on the memory log. */
class JdbcWorkerTest {
  @TempDir Path dir;

  @Test
  void rowsAreCopiedTableToTableThroughTheLog() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("shop.db");
    execute(url, "CREATE TABLE \"orders\" (\"id\" INTEGER PRIMARY KEY, \"item\" TEXT)");
    execute(url, "INSERT INTO \"orders\" VALUES (1, 'apple'), (2, 'pear')");

    Map<String, String> worker =
        Map.of(
            "log.backend", "memory",
            "log.memory.name", "jdbc-" + UUID.randomUUID(),
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
