package io.runnel.connect;

/** The keys every connector's properties file has, whatever the connector. */
public final class ConnectorConfig {
  private ConnectorConfig() {}

  /** The connector's unique name. */
  public static final String NAME = "name";

  /**
   * {@code file-source}, {@code file-sink}, {@code jdbc-source}, {@code jdbc-sink} or a class name.
   */
  public static final String CONNECTOR_CLASS = "connector.class";

  /** At most this many tasks. */
  public static final String TASKS_MAX = "tasks.max";

  /** Overrides the worker's key converter. */
  public static final String KEY_CONVERTER = "key.converter";

  /** Overrides the worker's value converter. */
  public static final String VALUE_CONVERTER = "value.converter";

  /** A sink's input topics, comma-separated. */
  public static final String TOPICS = "topics";

  /** The common keys. */
  public static final ConfigDef DEF =
      new ConfigDef()
          .required(NAME, ConfigDef.Type.STRING, "the connector's unique name")
          .required(
              CONNECTOR_CLASS,
              ConfigDef.Type.STRING,
              "file-source, file-sink, jdbc-source, jdbc-sink or a connector class name")
          .define(TASKS_MAX, ConfigDef.Type.INT, "1", "at most this many tasks")
          .define(KEY_CONVERTER, ConfigDef.Type.STRING, "", "empty: the worker's key.converter")
          .define(
              VALUE_CONVERTER, ConfigDef.Type.STRING, "", "empty: the worker's value.converter");
}
