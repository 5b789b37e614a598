package io.runnel.connect.jdbc;

import io.runnel.connect.ConfigException;

/** The modes of jdbc-source: which column(s) tell a new or changed row. */
enum SourceMode {
  INCREMENTING("incrementing", true, false),
  TIMESTAMP("timestamp", false, true),
  TIMESTAMP_INCREMENTING("timestamp+incrementing", true, true);

  private final String configName;
  private final boolean incrementing;
  private final boolean timestamp;

  SourceMode(String configName, boolean incrementing, boolean timestamp) {
    this.configName = configName;
    this.incrementing = incrementing;
    this.timestamp = timestamp;
  }

  /**
   * The mode named {@code name} in the configuration.
   *
   * @throws ConfigException naming {@code mode} for other names
   */
  static SourceMode of(String name) {
    for (SourceMode mode : values()) {
      if (mode.configName.equals(name)) {
        return mode;
      }
    }
    throw new ConfigException(
        JdbcSourceConnector.MODE,
        "use incrementing, timestamp or timestamp+incrementing, got '" + name + "'");
  }

  /** True if rows are ordered and resumed by the incrementing column. */
  boolean incrementing() {
    return incrementing;
  }

  /** True if rows are ordered and resumed by the timestamp column(s). */
  boolean timestamp() {
    return timestamp;
  }

  @Override
  public String toString() {
    return configName;
  }
}
