package io.runnel.connect.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.connect.Await;
import io.runnel.connect.StandaloneWorker;
import io.runnel.connect.TaskStatus;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC contract against a real PostgreSQL at {@code RUNNEL_PG_URL} (start one with {@code
 * scripts/postgres.sh}). Skipped, saying so, when that is unset, unless {@code
 * RUNNEL_REQUIRE_PG=1}: then it fails.
 */
class PostgresJdbcIT extends JdbcConnectorContract {
  private static final String URL = System.getenv("RUNNEL_PG_URL");

  @BeforeAll
  static void requirePostgres() {
    if (URL == null || URL.isBlank()) {
      String message =
          "RUNNEL_PG_URL is unset: PostgreSQL tests of the JDBC connectors are SKIPPED"
              + " (export RUNNEL_PG_URL=\"$(scripts/postgres.sh)\" to run them)";
      if ("1".equals(System.getenv("RUNNEL_REQUIRE_PG"))) {
        fail("RUNNEL_REQUIRE_PG=1 but RUNNEL_PG_URL is unset; run scripts/postgres.sh");
      }
      System.err.println("WARNING: " + message);
    }
  }

  /** Skips each test, with the reason in the report ("Skipped: 7"), when there is no server. */
  @BeforeEach
  void skipWithoutPostgres() {
    Assumptions.assumeTrue(
        URL != null && !URL.isBlank(),
        "RUNNEL_PG_URL is unset: PostgreSQL tests of the JDBC connectors are SKIPPED"
            + " (export RUNNEL_PG_URL=\"$(scripts/postgres.sh)\" to run them)");
  }

  @Override
  protected String url() {
    return URL;
  }

  /** Connections killed mid-stream (as a server restart does): retried, nothing lost. */
  @Test
  void aSinkSurvivesLostConnectionsWithoutLosingRows() throws SQLException {
    String topic = "pg-in-" + table;
    MemoryLog log = MemoryLog.named("pg-" + table);
    log.createTopic(TopicSpec.of(topic, 1));
    Map<String, String> worker =
        Map.of(
            "log.backend", "memory",
            "log.memory.name", "pg-" + table,
            "value.converter", "json",
            "offset.flush.interval.ms", "50",
            "errors.retry.delay.max.ms", "100");
    try (StandaloneWorker w = new StandaloneWorker(worker);
        LogProducer producer = log.newProducer()) {
      w.startConnector(
          Map.of(
              "name",
              "pg-sink-" + table,
              "connector.class",
              "jdbc-sink",
              "topics",
              topic,
              "connection.url",
              URL,
              "table.name.format",
              table,
              "insert.mode",
              "upsert",
              "pk.mode",
              "record_value",
              "pk.fields",
              "id"));
      for (int round = 0; round < 5; round++) {
        for (int i = round * 20; i < round * 20 + 20; i++) {
          byte[] value = ("{\"id\":" + i + ",\"v\":\"row " + i + "\"}").getBytes(UTF_8);
          producer.send(new TopicPartition(topic, 0), null, value, 0L);
        }
        int expected = round * 20 + 20;
        Await.until(expected + " rows", () -> count() == expected);
        sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
      }
      assertThat(w.status()).extracting(TaskStatus::state).containsOnly(TaskStatus.State.RUNNING);
    }
    assertThat(rows("\"id\"")).hasSize(100).first().isEqualTo(Map.of("id", 0L, "v", "row 0"));
  }

  private long count() {
    try {
      return rows("\"id\"").size();
    } catch (SQLException e) {
      return -1; // the table is not created yet
    }
  }
}
