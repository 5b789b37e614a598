package io.runnel.connect.internal;

import io.runnel.connect.ConfigException;
import io.runnel.connect.Connector;
import io.runnel.connect.ConnectorConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/** Creates connectors and tasks from the names users write. Stateless and thread-safe. */
public final class ConnectorPlugins {
  private static final Map<String, String> ALIASES =
      Map.of(
          "file-source", "io.runnel.connect.file.FileSourceConnector",
          "FileSourceConnector", "io.runnel.connect.file.FileSourceConnector",
          "file-sink", "io.runnel.connect.file.FileSinkConnector",
          "jdbc-source", "io.runnel.connect.jdbc.JdbcSourceConnector",
          "jdbc-sink", "io.runnel.connect.jdbc.JdbcSinkConnector",
          "FileSinkConnector", "io.runnel.connect.file.FileSinkConnector");

  private ConnectorPlugins() {}

  /** The built-in connectors: each short name and its class name, sorted by short name. */
  public static Map<String, String> builtIn() {
    Map<String, String> out = new java.util.TreeMap<>();
    ALIASES.forEach(
        (alias, className) -> {
          if (alias.contains("-")) {
            out.put(alias, className);
          }
        });
    return out;
  }

  /**
   * A new connector named by {@code connector.class}: an alias ({@code file-source}, {@code
   * file-sink}, {@code jdbc-source}, {@code jdbc-sink}) or a class name.
   *
   * @throws ConfigException naming {@code connector.class} if it cannot be created
   */
  public static Connector connector(String name) {
    String className = ALIASES.getOrDefault(name, name);
    Object created = instantiate(ConnectorConfig.CONNECTOR_CLASS, className);
    if (!(created instanceof Connector)) {
      throw new ConfigException(
          ConnectorConfig.CONNECTOR_CLASS, className + " is not a " + Connector.class.getName());
    }
    return (Connector) created;
  }

  /**
   * A new task of {@code type}.
   *
   * @throws ConfigException naming {@code connector.class} if it cannot be created
   */
  public static <T> T task(Class<? extends T> type) {
    return type.cast(instantiate(ConnectorConfig.CONNECTOR_CLASS, type.getName()));
  }

  private static Object instantiate(String key, String className) {
    try {
      return Class.forName(className).getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          key,
          "no class '"
              + className
              + "': use file-source, file-sink, jdbc-source, jdbc-sink or a class name");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new ConfigException(key, "cannot create " + className + ": " + cause);
    }
  }
}
