package io.runnel.connect.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.RetriableException;
import io.runnel.connect.SourceRecord;
import io.runnel.connect.SourceTask;
import io.runnel.connect.SourceTaskContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task of {@link JdbcSourceConnector}. Each poll queries every table (or the custom query)
 * whose interval has passed for the rows after its position, in the mode's order; a {@link
 * SourceCursor} per table holds the position and builds the records.
 *
 * <p>A record: topic {@code <topic.prefix><table>} (with a query: {@code topic.prefix}); key = the
 * incrementing column's value (null in timestamp mode); value = a map of column name to value (use
 * {@code value.converter=json}); header {@code schema} = a JSON object of column name to SQL type
 * name; source partition {@code {"table": <table>}} or {@code {"query": "query"}}; source offset as
 * {@link SourceCursor} describes.
 *
 * <p>Not thread-safe: the worker calls it from the task's thread only.
 */
public final class JdbcSourceTask implements SourceTask {
  static final String TABLE = "table";
  static final String QUERY = "query";

  private SourceTaskContext context;
  private HikariDataSource dataSource;
  private long pollIntervalMs;
  private int batchMaxRows;
  private final List<SourceCursor> cursors = new ArrayList<>();

  @Override
  public void initialize(SourceTaskContext context) {
    this.context = context;
  }

  @Override
  public void start(Map<String, String> config) {
    ParsedConfig parsed = JdbcSourceConnector.CONFIG.parse(config);
    SourceMode mode = JdbcSourceConnector.check(parsed);
    SqlDialect dialect = SqlDialect.of(parsed.getString(JdbcConfig.URL));
    String topicPrefix = parsed.getString(JdbcSourceConnector.TOPIC_PREFIX);
    batchMaxRows = parsed.getInt(JdbcSourceConnector.BATCH_MAX_ROWS, 1);
    long delayMs = parsed.getLong(JdbcSourceConnector.TIMESTAMP_DELAY_MS, 0);
    List<String> timestampColumns = parsed.getList(JdbcSourceConnector.TIMESTAMP_COLUMN);
    String incrementing = parsed.getString(JdbcSourceConnector.INCREMENTING_COLUMN);
    pollIntervalMs = parsed.getLong(JdbcSourceConnector.POLL_INTERVAL_MS, 0);
    String query = parsed.getString(JdbcSourceConnector.QUERY);
    List<String> tables = parsed.getList(JdbcSourceConnector.TABLES);
    for (String table : query.isBlank() ? tables : Collections.<String>singletonList(null)) {
      Map<String, String> partition = table != null ? Map.of(TABLE, table) : Map.of(QUERY, QUERY);
      SourceQuery sql =
          new SourceQuery(
              dialect, mode, table, query, timestampColumns, incrementing, delayMs, batchMaxRows);
      cursors.add(
          new SourceCursor(
              mode,
              sql,
              partition,
              table != null ? topicPrefix + table : topicPrefix,
              timestampColumns,
              incrementing,
              delayMs,
              context.offset(partition)));
    }
    dataSource = JdbcConfig.open(parsed, "jdbc-source-" + config.getOrDefault("name", "task"));
  }

  @Override
  public List<SourceRecord> poll() {
    List<SourceRecord> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    // A poll is all or nothing: if one table fails, the records of the others are dropped too,
    // so their positions must not move either.
    Map<SourceCursor, SourceCursor.Position> before = new HashMap<>();
    for (SourceCursor cursor : cursors) {
      before.put(cursor, cursor.position());
    }
    try {
      for (SourceCursor cursor : cursors) {
        if (cursor.nextQueryAt() <= now) {
          int found = read(cursor, records);
          if (found < batchMaxRows) {
            cursor.nextQueryAt(now + pollIntervalMs);
          }
        }
      }
    } catch (RuntimeException e) {
      before.forEach(SourceCursor::reset);
      throw e;
    }
    return records;
  }

  private int read(SourceCursor cursor, List<SourceRecord> out) {
    try (Connection connection = dataSource.getConnection()) {
      int found = cursor.read(connection, out);
      connection.commit();
      return found;
    } catch (SQLException e) {
      String what = cursor.partition().containsKey(TABLE)
          ? "table '" + cursor.partition().get(TABLE) + "'"
          : "the query";
      if (JdbcConfig.retriable(e)) {
        throw new RetriableException(
            "cannot reach the database to read " + what + ": " + e.getMessage(), e);
      }
      throw new ConnectException("cannot read new rows of " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
