package io.runnel.connect.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ParsedConfig;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** The connection keys both JDBC connectors share, and the HikariCP pool made from them. */
public final class JdbcConfig {
  private JdbcConfig() {}

  /** The JDBC URL: {@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}. */
  public static final String URL = "connection.url";

  /** The database user; empty: none, or the one in the URL. */
  public static final String USER = "connection.user";

  /** The user's password; empty: none. */
  public static final String PASSWORD = "connection.password";

  /** The most connections the task's pool opens. */
  public static final String POOL_SIZE = "connection.pool.size";

  /** The shared keys. */
  public static ConfigDef connectionKeys() {
    return new ConfigDef()
        .required(URL, ConfigDef.Type.STRING, "jdbc:sqlite:<file> or jdbc:postgresql://host/db")
        .define(USER, ConfigDef.Type.STRING, "", "the database user")
        .define(PASSWORD, ConfigDef.Type.STRING, "", "the user's password")
        .define(POOL_SIZE, ConfigDef.Type.INT, "2", "the most pooled connections");
  }

  /**
   * True if the database rejected the data itself (SQL state class 22, data exception, or 23,
   * integrity constraint violation; SQLite's constraint and type mismatch codes): writing the same
   * row again fails again, other rows may succeed.
   */
  public static boolean badData(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
        return true;
      }
      // SQLite (xerial) reports its primary result codes: 19 CONSTRAINT, 20 MISMATCH.
      if (state == null && (s.getErrorCode() == 19 || s.getErrorCode() == 20)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True if {@code e} says the database could not be reached or the connection was lost (SQL state
   * class 08, PostgreSQL's 57P01-57P03 shutdown states, transient or recoverable exceptions), so
   * the same work may succeed later.
   */
  public static boolean retriable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException) {
        for (SQLException s = (SQLException) t; s != null; s = s.getNextException()) {
          String state = s.getSQLState();
          if (state != null && (state.startsWith("08") || state.matches("57P0[123]"))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * A pool for the configured database.
   *
   * @throws ConfigException naming {@code connection.url} if the database is not supported
   * @throws ConnectException naming the URL if no connection can be opened
   */
  public static HikariDataSource open(ParsedConfig config, String poolName) {
    return open(config, poolName, false);
  }

  /**
   * A pool for the configured database.
   *
   * @param multiRowInserts true to have PostgreSQL's driver send a batch of single-row INSERTs as
   *     multi-row INSERTs ({@code reWriteBatchedInserts=true}, unless the URL sets it): far fewer
   *     statements for the server to run. Not for upserts: one multi-row {@code INSERT ... ON
   *     CONFLICT DO UPDATE} may not touch the same row twice.
   * @throws ConfigException naming {@code connection.url} if the database is not supported
   * @throws ConnectException naming the URL if no connection can be opened
   */
  public static HikariDataSource open(ParsedConfig config, String poolName, boolean multiRowInserts) {
    String url = config.getString(URL);
    SqlDialect dialect = SqlDialect.of(url);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    if (!config.getString(USER).isEmpty()) {
      hikari.setUsername(config.getString(USER));
    }
    if (!config.getString(PASSWORD).isEmpty()) {
      hikari.setPassword(config.getString(PASSWORD));
    }
    hikari.setMaximumPoolSize(config.getInt(POOL_SIZE, 1));
    hikari.setMinimumIdle(1);
    hikari.setAutoCommit(false);
    hikari.setPoolName(poolName);
    if (multiRowInserts
        && dialect == SqlDialect.POSTGRESQL
        && !url.toLowerCase(java.util.Locale.ROOT).contains("rewritebatchedinserts")) {
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    // Start even while the database is down: the first statement then fails retriably.
    hikari.setInitializationFailTimeout(-1);
    hikari.setConnectionTimeout(5_000);
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new ConnectException("cannot connect to database " + url + ": " + e.getMessage(), e);
    }
  }
}
