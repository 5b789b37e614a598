package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.ConfigException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
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
}
