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
 * {@code jdbc-source}: copies new rows of tables into topics {@code <topic.prefix><table>}. Mode
 * {@code incrementing} only, for now: a row is new when its strictly increasing {@code
 * incrementing.column.name} is above the largest one already copied (stored as the source offset of
 * the table), so inserts are seen and updates are not. Tables are spread over at most {@code
 * tasks.max} tasks.
 *
 * <p>Not thread-safe; used by the worker's thread only.
 */
public final class JdbcSourceConnector implements SourceConnector {
  /** The tables to copy, comma-separated. */
  public static final String TABLES = "tables";

  /** {@code incrementing} (timestamp modes are not done yet). */
  public static final String MODE = "mode";

  /** The strictly increasing integer column of incrementing mode. */
  public static final String INCREMENTING_COLUMN = "incrementing.column.name";

  /** Prefix of the topic names. */
  public static final String TOPIC_PREFIX = "topic.prefix";

  /** At most this many rows per table per query. */
  public static final String BATCH_MAX_ROWS = "batch.max.rows";

  /** Milliseconds between queries of a table that had no new rows. */
  public static final String POLL_INTERVAL_MS = "poll.interval.ms";

  /** The keys of jdbc-source. */
  public static final ConfigDef CONFIG =
      JdbcConfig.connectionKeys()
          .required(TABLES, ConfigDef.Type.LIST, "the tables to copy")
          .define(MODE, ConfigDef.Type.STRING, "incrementing", "incrementing")
          .required(INCREMENTING_COLUMN, ConfigDef.Type.STRING, "the increasing id column")
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
   * @throws ConfigException naming the key that does not fit
   */
  static void check(ParsedConfig parsed) {
    SqlDialect.of(parsed.getString(JdbcConfig.URL));
    if (!parsed.getString(MODE).equals("incrementing")) {
      throw new ConfigException(
          MODE, "only incrementing is supported yet, got '" + parsed.getString(MODE) + "'");
    }
    if (parsed.getList(TABLES).isEmpty()) {
      throw new ConfigException(TABLES, "name at least one table");
    }
    parsed.getInt(BATCH_MAX_ROWS, 1);
    parsed.getLong(POLL_INTERVAL_MS, 0);
  }

  @Override
  public Class<? extends SourceTask> taskClass() {
    return JdbcSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
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
