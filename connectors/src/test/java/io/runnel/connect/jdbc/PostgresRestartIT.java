package io.runnel.connect.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.runnel.connect.Await;
import io.runnel.connect.StandaloneWorker;
import io.runnel.connect.TaskStatus;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The whole PostgreSQL server stopped and started again under a running jdbc-sink: the sink retries
 * until the server is back, and every row arrives once with its latest value. The test runs a
 * private server of its own ({@code scripts/postgres.sh start DIR} / {@code stop DIR}) so that
 * stopping it disturbs no other test. Skipped, saying so, when {@code RUNNEL_PG_URL} is unset,
 * unless {@code RUNNEL_REQUIRE_PG=1}: then it runs (and fails if no server can be started).
 */
class PostgresRestartIT {
  private static final String SKIPPED =
      "RUNNEL_PG_URL is unset: the PostgreSQL restart test of jdbc-sink is SKIPPED"
          + " (export RUNNEL_PG_URL=\"$(scripts/postgres.sh)\" to run it)";
  private static Path data;
  private static String url;

  @BeforeAll
  static void startAPrivateServer() throws Exception {
    String shared = System.getenv("RUNNEL_PG_URL");
    if ((shared == null || shared.isBlank()) && !"1".equals(System.getenv("RUNNEL_REQUIRE_PG"))) {
      System.err.println("WARNING: " + SKIPPED);
      return;
    }
    data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "runnel-pg-");
    url = postgres("start");
  }

  /** Skips the test, with the reason in the report ("Skipped: 1"), when there is no server. */
  @BeforeEach
  void skipWithoutPostgres() {
    Assumptions.assumeTrue(url != null, SKIPPED);
  }

  @AfterAll
  static void stopAndDeleteTheServer() throws Exception {
    if (data == null) {
      return;
    }
    try {
      postgres("stop");
    } finally {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Runs {@code scripts/postgres.sh <command> <data>}; returns its stdout (the JDBC URL). */
  private static String postgres(String command) throws IOException, InterruptedException {
    Path script = null;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("scripts/postgres.sh"))) {
        script = dir.resolve("scripts/postgres.sh");
        break;
      }
    }
    if (script == null) {
      fail("scripts/postgres.sh not found above " + Path.of("").toAbsolutePath());
    }
    Process process =
        new ProcessBuilder(script.toString(), command, data.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8).trim();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail("scripts/postgres.sh " + command + " " + data + " failed; see the test's output");
    }
    return out;
  }

  private static Map<Long, String> rows(String table) {
    Map<Long, String> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT \"id\", \"v\" FROM \"" + table + "\"")) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getString(2));
      }
    } catch (SQLException e) {
      return Map.of(); // the table is not created yet
    }
    return rows;
  }

  private static void send(LogProducer producer, String topic, int from, int to, String v) {
    for (int i = from; i < to; i++) {
      byte[] value = ("{\"id\":" + i + ",\"v\":\"" + v + "\"}").getBytes(UTF_8);
      producer.send(new TopicPartition(topic, 0), null, value, 0L);
    }
  }

  @Test
  void aSinkRetriesWhileTheServerIsDownAndLosesNothing() throws Exception {
    String table = "restart_" + Long.toHexString(System.nanoTime());
    String topic = "pg-restart-" + table;
    MemoryLog log = MemoryLog.named(topic);
    log.createTopic(TopicSpec.of(topic, 1));
    Map<String, String> worker =
        Map.of(
            "log.backend", "memory",
            "log.memory.name", topic,
            "value.converter", "json",
            "offset.flush.interval.ms", "50",
            "errors.retry.delay.max.ms", "200");
    ListAppender<ILoggingEvent> retries = new ListAppender<>();
    Logger runnerLog = (Logger) LoggerFactory.getLogger("io.runnel.connect.internal.TaskRunner");
    retries.start();
    runnerLog.addAppender(retries);
    try (StandaloneWorker w = new StandaloneWorker(worker);
        LogProducer producer = log.newProducer()) {
      w.startConnector(
          Map.of(
              "name", "pg-restart-sink",
              "connector.class", "jdbc-sink",
              "topics", topic,
              "connection.url", url,
              "table.name.format", table,
              "insert.mode", "upsert",
              "pk.mode", "record_value",
              "pk.fields", "id"));
      send(producer, topic, 0, 300, "a");
      Await.until("300 rows", () -> rows(table).size() == 300);

      postgres("stop");
      send(producer, topic, 200, 500, "b"); // 200-299 change, 300-499 are new
      // The first failure may be a connection the stop broke; the second met no server at all.
      Await.until(
          "the sink to retry twice against the stopped server",
          () ->
              retries.list.stream().filter(e -> e.getFormattedMessage().contains("retrying")).count()
                  >= 2);
      assertThat(w.status()).extracting(TaskStatus::state).containsOnly(TaskStatus.State.RUNNING);

      postgres("start");
      send(producer, topic, 500, 501, "last"); // behind everything sent while the server was down
      Await.until("501 rows", () -> rows(table).size() == 501);
      assertThat(w.status()).extracting(TaskStatus::state).containsOnly(TaskStatus.State.RUNNING);
    } finally {
      runnerLog.detachAppender(retries);
    }

    Map<Long, String> expected = new HashMap<>();
    for (long i = 0; i < 501; i++) {
      expected.put(i, i < 200 ? "a" : i < 500 ? "b" : "last");
    }
    assertThat(rows(table)).isEqualTo(expected);
  }
}
