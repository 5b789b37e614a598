package io.runnel.connect;

import java.util.HashMap;
import java.util.Map;

/** Small rules about configurations both workers apply. Stateless. */
final class ConfigBodies {
  /** The REST port {@code bin/runnel} uses when the worker properties set none (Kafka's). */
  static final String DEFAULT_REST_PORT = "8083";

  private ConfigBodies() {}

  /**
   * {@code config} with {@code name} as its name.
   *
   * @throws ConfigException naming {@code name} if the configuration names another connector
   */
  static Map<String, String> withName(String name, Map<String, String> config) {
    String given = config.get(ConnectorConfig.NAME);
    if (given != null && !given.equals(name)) {
      throw new ConfigException(
          ConnectorConfig.NAME,
          "the configuration names connector '" + given + "' but the request is for '" + name
              + "'");
    }
    Map<String, String> named = new HashMap<>(config);
    named.put(ConnectorConfig.NAME, name);
    return named;
  }

  /** A worker configuration with {@code rest.port} 8083 unless it sets one. */
  static Map<String, String> withRestDefault(Map<String, String> workerConfig) {
    Map<String, String> out = new HashMap<>(workerConfig);
    out.putIfAbsent(WorkerConfig.REST_PORT, DEFAULT_REST_PORT);
    return out;
  }
}
