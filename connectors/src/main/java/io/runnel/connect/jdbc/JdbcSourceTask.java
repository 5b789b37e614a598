package io.runnel.connect.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Header;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.RetriableException;
import io.runnel.connect.SourceRecord;
import io.runnel.connect.SourceTask;
import io.runnel.connect.SourceTaskContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task of {@link JdbcSourceConnector}. Each poll queries every table whose interval has passed
 * for rows with the incrementing column above the last one copied, in its order.
 *
 * <p>A record: topic {@code <topic.prefix><table>}; key = the incrementing column's value; value =
 * a map of column name to value (use {@code value.converter=json}); header {@code schema} = a JSON
 * object of column name to SQL type name; source partition {@code {"table": <table>}}; source
 * offset {@code {"incrementing": <value>}}.
 *
 * <p>Not thread-safe: the worker calls it from the task's thread only.
 */
public final class JdbcSourceTask implements SourceTask {
  static final String TABLE = "table";
  static final String INCREMENTING = "incrementing";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SourceTaskContext context;
  private HikariDataSource dataSource;
  private String column;
  private String topicPrefix;
  private int batchMaxRows;
  private long pollIntervalMs;
  private final Map<String, Long> lastIds = new HashMap<>();
  private final Map<String, Long> nextQueryAt = new HashMap<>();

  @Override
  public void initialize(SourceTaskContext context) {
    this.context = context;
  }

  @Override
  public void start(Map<String, String> config) {
    ParsedConfig parsed = JdbcSourceConnector.CONFIG.parse(config);
    JdbcSourceConnector.check(parsed);
    column = parsed.getString(JdbcSourceConnector.INCREMENTING_COLUMN);
    topicPrefix = parsed.getString(JdbcSourceConnector.TOPIC_PREFIX);
    batchMaxRows = parsed.getInt(JdbcSourceConnector.BATCH_MAX_ROWS, 1);
    pollIntervalMs = parsed.getLong(JdbcSourceConnector.POLL_INTERVAL_MS, 0);
    for (String table : parsed.getList(JdbcSourceConnector.TABLES)) {
      Map<String, Object> stored = context.offset(Map.of(TABLE, table));
      lastIds.put(
          table, stored == null ? Long.MIN_VALUE : ((Number) stored.get(INCREMENTING)).longValue());
      nextQueryAt.put(table, 0L);
    }
    dataSource = JdbcConfig.open(parsed, "jdbc-source-" + config.getOrDefault("name", "task"));
  }

  @Override
  public List<SourceRecord> poll() {
    List<SourceRecord> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    // A poll is all or nothing: if one table fails, the records of the others are dropped too,
    // so their positions must not move either.
    Map<String, Long> before = new HashMap<>(lastIds);
    try {
      for (String table : List.copyOf(lastIds.keySet())) {
        if (nextQueryAt.get(table) <= now) {
          int found = query(table, lastIds.get(table), records);
          if (found < batchMaxRows) {
            nextQueryAt.put(table, now + pollIntervalMs);
          }
        }
      }
    } catch (RuntimeException e) {
      lastIds.putAll(before);
      throw e;
    }
    return records;
  }

  /** Appends the rows of {@code table} after {@code after} to {@code out}; returns how many. */
  private int query(String table, long after, List<SourceRecord> out) {
    String sql =
        "SELECT * FROM "
            + SqlDialect.quote(table)
            + " WHERE "
            + SqlDialect.quote(column)
            + " > ? ORDER BY "
            + SqlDialect.quote(column)
            + " LIMIT "
            + batchMaxRows;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, after);
      int found = 0;
      try (ResultSet rows = statement.executeQuery()) {
        ResultSetMetaData meta = rows.getMetaData();
        Map<String, String> types = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          types.put(meta.getColumnLabel(i), meta.getColumnTypeName(i));
        }
        List<Header> headers = List.of(new Header("schema", JSON.writeValueAsString(types)));
        while (rows.next()) {
          Map<String, Object> value = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            value.put(meta.getColumnLabel(i), rows.getObject(i));
          }
          long id = rows.getLong(column);
          out.add(
              new SourceRecord(
                  Map.of(TABLE, table),
                  Map.of(INCREMENTING, id),
                  topicPrefix + table,
                  id,
                  value,
                  headers,
                  null));
          lastIds.put(table, id);
          found++;
        }
      }
      connection.commit();
      return found;
    } catch (SQLException e) {
      if (JdbcConfig.retriable(e)) {
        throw new RetriableException(
            "cannot reach the database to read table '" + table + "': " + e.getMessage(), e);
      }
      throw new ConnectException(
          "cannot read new rows of table '"
              + table
              + "' by column '"
              + column
              + "': "
              + e.getMessage(),
          e);
    } catch (JsonProcessingException e) {
      throw new ConnectException(
          "cannot read new rows of table '"
              + table
              + "' by column '"
              + column
              + "': "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
