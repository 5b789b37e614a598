package io.runnel.samples.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import io.runnel.streams.RunnelStreams;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's pipeline against a real log-server: what lands in SQLite is what the generator
 * wrote, per service and minute, and a restarted pipeline picks up new lines without counting old
 * ones twice.
 */
class LogAggregationIT {

  @Test
  void sqliteHoldsWhatTheServicesLoggedAndARestartResumes(@TempDir Path tmp) throws Exception {
    try (LogServer server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", tmp.resolve("server").toString(),
                    "group.initial.rebalance.delay.ms", "0")))) {
      // Rotation at 280 KB: search's access log (about 1.7 KB/s) rotates once while the pipeline
      // runs in the second phase; nothing rotates while it is stopped (a file rotated away while
      // no shipper runs loses its unshipped tail, as with any log shipper).
      LogGenerator generator = new LogGenerator(tmp.resolve("logs"), 11, 280_000, true);
      long start = Instant.parse("2026-11-25T11:40:00Z").toEpochMilli();
      for (int s = 0; s < 120; s++) {
        generator.writeSecond(start + s * 1000L);
      }
      String jdbcUrl = "jdbc:sqlite:" + tmp.resolve("stats.db");
      LogAggregation.Settings settings =
          new LogAggregation.Settings(
              server.bootstrapServers(), generator.glob(), tmp.resolve("state"), jdbcUrl, "logs-it");

      assertThat(expected(generator)).hasSize(3 * 2); // three services, two minutes
      try (LogAggregation pipeline = LogAggregation.start(settings)) {
        awaitTable(pipeline, jdbcUrl, () -> expected(generator));
      }

      // Stopped: ten more seconds are logged; then it resumes while the services go on logging.
      for (int s = 120; s < 130; s++) {
        generator.writeSecond(start + s * 1000L);
      }
      try (LogAggregation pipeline = LogAggregation.start(settings)) {
        for (int s = 130; s < 240; s++) {
          generator.writeSecond(start + s * 1000L);
          Thread.sleep(20);
        }
        assertThat(tmp.resolve("logs").resolve("search-access.log.1")).exists();
        assertThat(expected(generator)).hasSize(3 * 4);
        awaitTable(pipeline, jdbcUrl, () -> expected(generator));
      }
    }
  }

  /** Rows the table must hold: requests, 5xx and logged errors exactly, p95 to bucket precision. */
  private static Map<String, List<Long>> expected(LogGenerator generator) {
    Map<String, List<Long>> out = new HashMap<>();
    generator
        .tally()
        .forEach(
            (key, t) -> {
              List<Long> sorted = new ArrayList<>(t.latencies());
              sorted.sort(null);
              long exactP95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
              out.put(key, List.of(t.requests(), t.serverErrors(), t.loggedErrors(), exactP95));
            });
    return out;
  }

  private static void awaitTable(
      LogAggregation pipeline, String jdbcUrl, Supplier<Map<String, List<Long>>> expected)
      throws Exception {
    Map<String, List<Long>> want = expected.get();
    long deadline = System.nanoTime() + 60_000_000_000L;
    Map<String, List<Long>> seen = Map.of();
    while (System.nanoTime() < deadline) {
      assertThat(pipeline.streamsState()).isNotEqualTo(RunnelStreams.State.ERROR);
      seen = table(jdbcUrl);
      if (matches(seen, want)) {
        return;
      }
      Thread.sleep(250);
    }
    assertThat(seen).as("log_stats rows: requests, 5xx, logged errors, p95").isEqualTo(want);
  }

  private static boolean matches(Map<String, List<Long>> seen, Map<String, List<Long>> want) {
    if (!seen.keySet().equals(want.keySet())) {
      return false;
    }
    for (Map.Entry<String, List<Long>> e : want.entrySet()) {
      List<Long> w = e.getValue();
      List<Long> s = seen.get(e.getKey());
      if (!s.subList(0, 3).equals(w.subList(0, 3))) {
        return false;
      }
      long p95 = s.get(3);
      if (p95 < w.get(3) || p95 > Math.ceil(w.get(3) * 1.1) + 1) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, List<Long>> table(String jdbcUrl) {
    Map<String, List<Long>> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT service, minute, requests, errors, logged_errors, p95_ms FROM log_stats")) {
      while (r.next()) {
        rows.put(
            r.getString(1) + "@" + r.getString(2),
            List.of(r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)));
      }
    } catch (SQLException e) {
      // Not created yet: the sink creates the table with its first row.
    }
    return rows;
  }
}
