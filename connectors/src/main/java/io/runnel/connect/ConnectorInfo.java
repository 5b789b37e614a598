package io.runnel.connect;

import java.util.Map;

/**
 * A connector as the REST API's {@code GET /connectors/<name>} shows it.
 *
 * @param name its name
 * @param config its configuration as given
 * @param tasks how many tasks it has
 * @param type {@code source} or {@code sink}
 */
public record ConnectorInfo(String name, Map<String, String> config, int tasks, String type) {
  /** Copies the configuration. */
  public ConnectorInfo {
    config = Map.copyOf(config);
  }
}
