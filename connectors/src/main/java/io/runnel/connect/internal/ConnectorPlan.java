package io.runnel.connect.internal;

import java.util.List;
import java.util.Map;

/**
 * A validated connector configuration and the task configurations its connector split it into.
 *
 * @param name the connector's name
 * @param type {@code source} or {@code sink}
 * @param config the connector's configuration as given
 * @param taskConfigs one full configuration per task (the connector's keys overlaid with the
 *     task's own), task {@code i} at index {@code i}
 */
public record ConnectorPlan(
    String name, String type, Map<String, String> config, List<Map<String, String>> taskConfigs) {

  /** Copies the maps. */
  public ConnectorPlan {
    config = Map.copyOf(config);
    taskConfigs = taskConfigs.stream().<Map<String, String>>map(Map::copyOf).toList();
  }
}
