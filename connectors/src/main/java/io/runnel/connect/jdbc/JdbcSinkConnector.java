package io.runnel.connect.jdbc;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SinkConnector;
import io.runnel.connect.SinkTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code jdbc-sink}: writes records whose values are JSON objects (use {@code
 * value.converter=json}) as rows of a table named after the topic, in SQLite or PostgreSQL.
 *
 * <ul>
 *   <li>{@code insert.mode=insert} or {@code upsert} ({@code INSERT ... ON CONFLICT DO UPDATE}: a
 *       record written twice leaves one row, so redelivery after a restart is harmless).
 *   <li>{@code pk.mode=none}, {@code record_key} (the key's fields, or the key itself as the one
 *       column named by {@code pk.fields}) or {@code record_value} (the value's {@code pk.fields}).
 *   <li>{@code auto.create=true} creates a missing table from the first record's fields.
 *   <li>Each {@code put} is one transaction through a HikariCP pool: all of it or none.
 * </ul>
 *
 * <p>Not thread-safe; used by the worker's thread only.
 */
public final class JdbcSinkConnector implements SinkConnector {
  /** {@code insert} or {@code upsert}. */
  public static final String INSERT_MODE = "insert.mode";

  /** {@code none}, {@code record_key} or {@code record_value}. */
  public static final String PK_MODE = "pk.mode";

  /** The primary key columns. */
  public static final String PK_FIELDS = "pk.fields";

  /** The table name; {@code ${topic}} is replaced by the record's topic. */
  public static final String TABLE_NAME_FORMAT = "table.name.format";

  /** Create missing tables. */
  public static final String AUTO_CREATE = "auto.create";

  /** The keys of jdbc-sink. */
  public static final ConfigDef CONFIG =
      JdbcConfig.connectionKeys()
          .define(INSERT_MODE, ConfigDef.Type.STRING, "insert", "insert or upsert")
          .define(PK_MODE, ConfigDef.Type.STRING, "none", "none, record_key or record_value")
          .define(PK_FIELDS, ConfigDef.Type.LIST, "", "primary key columns")
          .define(TABLE_NAME_FORMAT, ConfigDef.Type.STRING, "${topic}", "the table of a record")
          .define(AUTO_CREATE, ConfigDef.Type.BOOLEAN, "true", "create missing tables");

  private Map<String, String> config;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void start(ParsedConfig parsed) {
    check(parsed);
    this.config = parsed.originals();
  }

  /**
   * Checks the combination of keys.
   *
   * @throws ConfigException naming the key that does not fit
   */
  static void check(ParsedConfig parsed) {
    SqlDialect.of(parsed.getString(JdbcConfig.URL));
    String insertMode = parsed.getString(INSERT_MODE);
    if (!List.of("insert", "upsert").contains(insertMode)) {
      throw new ConfigException(INSERT_MODE, "must be insert or upsert, got '" + insertMode + "'");
    }
    String pkMode = parsed.getString(PK_MODE);
    List<String> fields = parsed.getList(PK_FIELDS);
    switch (pkMode) {
      case "none":
        if (insertMode.equals("upsert")) {
          throw new ConfigException(PK_MODE, "upsert needs a key: record_key or record_value");
        }
        break;
      case "record_key":
        break;
      case "record_value":
        if (fields.isEmpty()) {
          throw new ConfigException(PK_FIELDS, "pk.mode=record_value needs the key columns");
        }
        break;
      default:
        throw new ConfigException(
            PK_MODE, "must be none, record_key or record_value, got '" + pkMode + "'");
    }
  }

  @Override
  public Class<? extends SinkTask> taskClass() {
    return JdbcSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {}
}
