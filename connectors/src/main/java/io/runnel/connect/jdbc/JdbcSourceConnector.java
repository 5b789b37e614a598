package io.runnel.connect.jdbc;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SourceConnector;
import io.runnel.connect.SourceTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jdbc-source}: copies new and changed rows of tables (or of one custom query) into topics,
 * in one of three modes, Kafka Connect JDBC's:
 *
 * <ul>
 *   <li>{@code incrementing}: a row is new when its strictly increasing {@code
 *       incrementing.column.name} is above the largest one copied; inserts are seen, updates not.
 *   <li>{@code timestamp}: a row is new or changed when its {@code timestamp.column.name} (the first
 *       non-null of a comma list: COALESCE) is above the last one copied; the rows at the last
 *       timestamp are read again on the next poll and those already sent are skipped.
 *   <li>{@code timestamp+incrementing}: rows in order of (timestamp, id), resuming after the last
 *       (timestamp, id) copied: inserts and updates, none lost at equal timestamps.
 * </ul>
 *
 * <p>With {@code tables}, the rows of table T go to {@code <topic.prefix>T}, and tables are spread
 * over at most {@code tasks.max} tasks. With {@code query}, the query's rows go to the topic {@code
 * topic.prefix} in one task. The position (the source offset) is stored per table, or for the
 * query. See {@link JdbcSourceTask} for the records and {@link SourceQuery} for the SQL.
 *
 * <p>Not thread-safe; used by the worker's thread only.
 */
public final class JdbcSourceConnector implements SourceConnector {
  /** The tables to copy, comma-separated; or use {@link #QUERY}. */
  public static final String TABLES = "tables";

  /** A custom SELECT to copy instead of tables; the mode's WHERE is applied to its rows. */
  public static final String QUERY = "query";

  /** {@code incrementing}, {@code timestamp} or {@code timestamp+incrementing}. */
  public static final String MODE = "mode";

  /** The strictly increasing integer column of the incrementing modes. */
  public static final String INCREMENTING_COLUMN = "incrementing.column.name";

  /** The timestamp column of the timestamp modes; a comma list means the first non-null one. */
  public static final String TIMESTAMP_COLUMN = "timestamp.column.name";

  /** Rows whose timestamp is not at least this many ms older than the database's clock wait. */
  public static final String TIMESTAMP_DELAY_MS = "timestamp.delay.interval.ms";

  /** Prefix of the topic names (with {@link #QUERY}: the topic). */
  public static final String TOPIC_PREFIX = "topic.prefix";

  /** At most this many rows per table per query. */
  public static final String BATCH_MAX_ROWS = "batch.max.rows";

  /** Milliseconds between queries of a table that had no new rows. */
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";

  /** The keys of jdbc-source. */
  public static final ConfigDef CONFIG =
      JdbcConfig.connectionKeys()
          .define(TABLES, ConfigDef.Type.LIST, "", "the tables to copy (or set query)")
          .define(QUERY, ConfigDef.Type.STRING, "", "a SELECT to copy instead of tables")
          .define(
              MODE,
              ConfigDef.Type.STRING,
              "incrementing",
              "incrementing, timestamp or timestamp+incrementing")
          .define(INCREMENTING_COLUMN, ConfigDef.Type.STRING, "", "the increasing id column")
          .define(TIMESTAMP_COLUMN, ConfigDef.Type.LIST, "", "the timestamp column(s), COALESCEd")
          .define(TIMESTAMP_DELAY_MS, ConfigDef.Type.LONG, "0", "ms to wait for in-flight rows")
          .define(TOPIC_PREFIX, ConfigDef.Type.STRING, "", "prefix of the topic names")
          .define(BATCH_MAX_ROWS, ConfigDef.Type.INT, "1000", "rows per table per query")
          .define(POLL_INTERVAL_MS, ConfigDef.Type.LONG, "1000", "ms between idle queries");

  private ParsedConfig config;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void start(ParsedConfig parsed) {
    check(parsed);
    this.config = parsed;
  }

  /**
   * Checks the combination of keys.
   *
   * @return the mode
   * @throws ConfigException naming the key that does not fit
   */
  static SourceMode check(ParsedConfig parsed) {
    SqlDialect.of(parsed.getString(JdbcConfig.URL));
    SourceMode mode = SourceMode.of(parsed.getString(MODE));
    boolean hasQuery = !parsed.getString(QUERY).isBlank();
    boolean hasTables = !parsed.getList(TABLES).isEmpty();
    if (hasQuery == hasTables) {
      throw new ConfigException(
          hasQuery ? QUERY : TABLES,
          hasQuery
              ? "set either query or tables, not both"
              : "name at least one table, or set query to a SELECT");
    }
    if (hasQuery && parsed.getString(TOPIC_PREFIX).isEmpty()) {
      throw new ConfigException(TOPIC_PREFIX, "with query, topic.prefix is the topic: set it");
    }
    if (mode.incrementing() && parsed.getString(INCREMENTING_COLUMN).isBlank()) {
      throw new ConfigException(
          INCREMENTING_COLUMN, "mode " + mode + " needs the increasing id column: set it");
    }
    if (mode.timestamp() && parsed.getList(TIMESTAMP_COLUMN).isEmpty()) {
      throw new ConfigException(
          TIMESTAMP_COLUMN, "mode " + mode + " needs the timestamp column(s): set it");
    }
    parsed.getInt(BATCH_MAX_ROWS, 1);
    parsed.getLong(POLL_INTERVAL_MS, 0);
    parsed.getLong(TIMESTAMP_DELAY_MS, 0);
    return mode;
  }

  @Override
  public Class<? extends SourceTask> taskClass() {
    return JdbcSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    if (config.getList(TABLES).isEmpty()) {
      return List.of(config.originals()); // one query: one task
    }
    List<String> tables = config.getList(TABLES);
    int tasks = Math.min(maxTasks, tables.size());
    List<Map<String, String>> configs = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      List<String> mine = new ArrayList<>();
      for (int i = t; i < tables.size(); i += tasks) {
        mine.add(tables.get(i));
      }
      Map<String, String> taskConfig = new HashMap<>(config.originals());
      taskConfig.put(TABLES, String.join(",", mine));
      configs.add(taskConfig);
    }
    return configs;
  }

  @Override
  public void stop() {}
}
