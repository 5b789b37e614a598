package io.runnel.connect.jdbc;

import io.runnel.connect.ConfigException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL the JDBC connectors write for each supported database. SQLite and PostgreSQL share the
 * upsert syntax ({@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c}); they differ in
 * column type names. Identifiers are always double-quoted. Stateless and thread-safe.
 */
enum SqlDialect {
  SQLITE("INTEGER", "REAL", "INTEGER", "TEXT", "BLOB"),
  POSTGRESQL("BIGINT", "DOUBLE PRECISION", "BOOLEAN", "TEXT", "BYTEA");

  private final String integerType;
  private final String realType;
  private final String booleanType;
  private final String textType;
  private final String bytesType;

  SqlDialect(String integer, String real, String bool, String text, String bytes) {
    this.integerType = integer;
    this.realType = real;
    this.booleanType = bool;
    this.textType = text;
    this.bytesType = bytes;
  }

  /**
   * The dialect of a JDBC URL.
   *
   * @throws ConfigException naming {@code connection.url} for other databases
   */
  static SqlDialect of(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new ConfigException(
        JdbcConfig.URL, "only jdbc:sqlite: and jdbc:postgresql: are supported, got '" + url + "'");
  }

  /** {@code "name"}, with embedded quotes doubled. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The column type for a value like {@code sample} (TEXT for null, nested maps and lists). */
  String columnType(Object sample) {
    if (sample instanceof Integer
        || sample instanceof Long
        || sample instanceof Short
        || sample instanceof BigInteger) {
      return integerType;
    }
    if (sample instanceof Double || sample instanceof Float || sample instanceof BigDecimal) {
      return realType;
    }
    if (sample instanceof Boolean) {
      return booleanType;
    }
    if (sample instanceof byte[]) {
      return bytesType;
    }
    return textType;
  }

  /** {@code CREATE TABLE IF NOT EXISTS} with the given typed columns and primary key. */
  String createTable(String table, List<String> columns, List<String> types, List<String> key) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quote(table));
    sql.append(" (");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append(' ').append(types.get(i));
      if (key.contains(columns.get(i))) {
        sql.append(" NOT NULL");
      }
    }
    if (!key.isEmpty()) {
      sql.append(", PRIMARY KEY (").append(quoted(key)).append(')');
    }
    return sql.append(')').toString();
  }

  /** A plain {@code INSERT} of {@code columns}. */
  String insert(String table, List<String> columns) {
    return "INSERT INTO "
        + quote(table)
        + " ("
        + quoted(columns)
        + ") VALUES ("
        + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
        + ")";
  }

  /** An {@code INSERT} that updates the other columns of the row with the same {@code key}. */
  String upsert(String table, List<String> columns, List<String> key) {
    List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
    String action =
        others.isEmpty()
            ? "DO NOTHING"
            : "DO UPDATE SET "
                + others.stream()
                    .map(c -> quote(c) + " = excluded." + quote(c))
                    .collect(Collectors.joining(", "));
    return insert(table, columns) + " ON CONFLICT (" + quoted(key) + ") " + action;
  }

  /**
   * A condition true when {@code timestamp} is more than {@code ?} milliseconds (one parameter)
   * older than the database's clock. SQLite compares with its UTC text form, as {@code
   * CURRENT_TIMESTAMP} writes it.
   */
  String olderThanMillis(String timestamp) {
    if (this == SQLITE) {
      return timestamp
          + " < strftime('%Y-%m-%d %H:%M:%f', 'now', printf('-%.3f seconds', ? / 1000.0))";
    }
    return timestamp + " < CURRENT_TIMESTAMP - CAST(? AS BIGINT) * INTERVAL '1 millisecond'";
  }

  private static String quoted(List<String> identifiers) {
    return identifiers.stream().map(SqlDialect::quote).collect(Collectors.joining(", "));
  }
}
