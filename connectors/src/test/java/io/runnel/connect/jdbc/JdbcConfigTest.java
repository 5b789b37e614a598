package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.ConfigException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcConfigTest {
  @Test
  void lostConnectionsAndShutdownsAreRetriableConstraintViolationsAreNot() {
    assertThat(JdbcConfig.retriable(new SQLException("connection refused", "08001"))).isTrue();
    assertThat(JdbcConfig.retriable(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(JdbcConfig.retriable(new SQLTransientConnectionException("pool timeout"))).isTrue();
    SQLException batch = new SQLException("batch failed", "XX000");
    batch.setNextException(new SQLException("I/O error", "08006"));
    assertThat(JdbcConfig.retriable(batch)).isTrue();
    assertThat(
            JdbcConfig.retriable(
                new SQLException("wrapped", null, new ConnectException("Connection refused"))))
        .isFalse();
    assertThat(JdbcConfig.retriable(new SQLException("duplicate key", "23505"))).isFalse();
  }

  @Test
  void onlySqliteAndPostgresqlAreSupported() {
    assertThat(SqlDialect.of("jdbc:sqlite:/tmp/x.db")).isEqualTo(SqlDialect.SQLITE);
    assertThat(SqlDialect.of("jdbc:postgresql://h/db")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThatThrownBy(() -> SqlDialect.of("jdbc:mysql://h/db"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'connection.url'");
  }

  @Test
  void upsertSqlUpdatesTheNonKeyColumns() {
    assertThat(SqlDialect.POSTGRESQL.upsert("t", List.of("id", "a"), List.of("id")))
        .isEqualTo(
            "INSERT INTO \"t\" (\"id\", \"a\") VALUES (?, ?)"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"a\" = excluded.\"a\"");
  }

  private static void sourceConfigFails(Map<String, String> settings, String key) {
    Map<String, String> config = new HashMap<>(settings);
    config.put("connection.url", "jdbc:sqlite:unused.db");
    assertThatThrownBy(
            () -> JdbcSourceConnector.check(JdbcSourceConnector.CONFIG.parse(config)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + key + "'");
  }

  @Test
  void sourceConfigErrorsNameTheKey() {
    sourceConfigFails(Map.of("tables", "t", "mode", "timestamp"), "timestamp.column.name");
    sourceConfigFails(
        Map.of("tables", "t", "mode", "timestamp+incrementing", "timestamp.column.name", "ts"),
        "incrementing.column.name");
    sourceConfigFails(Map.of("tables", "t", "mode", "bulk"), "mode");
    sourceConfigFails(Map.of("incrementing.column.name", "id"), "tables");
    sourceConfigFails(
        Map.of("tables", "t", "query", "SELECT 1", "incrementing.column.name", "id"), "query");
    sourceConfigFails(
        Map.of("query", "SELECT 1", "incrementing.column.name", "id"), "topic.prefix");
  }

  @Test
  void sourceSqlAppendsTheModesWhereToATableOrAQuery() {
    SourceQuery query =
        new SourceQuery(
            SqlDialect.POSTGRESQL,
            SourceMode.TIMESTAMP_INCREMENTING,
            null,
            "SELECT * FROM a JOIN b USING (k)",
            List.of("m", "c"),
            "id",
            500,
            100);
    assertThat(query.next(false))
        .isEqualTo(
            "SELECT * FROM (SELECT * FROM a JOIN b USING (k)) AS \"runnel_query\""
                + " WHERE (COALESCE(\"m\", \"c\") > ? OR (COALESCE(\"m\", \"c\") = ?"
                + " AND \"id\" > ?)) AND COALESCE(\"m\", \"c\") < CURRENT_TIMESTAMP"
                + " - CAST(? AS BIGINT) * INTERVAL '1 millisecond'"
                + " ORDER BY COALESCE(\"m\", \"c\"), \"id\" LIMIT 100");
  }
}
