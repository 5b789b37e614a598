package io.runnel.log.server;

import java.util.Map;
import java.util.UUID;

/**
 * A topic as the broker knows it: name, id (Kafka's topic id), partition count and the configs set
 * on it explicitly (the rest come from the broker's defaults). Immutable.
 */
public record Topic(String name, UUID id, int partitions, Map<String, String> configs) {
  public Topic {
    configs = Map.copyOf(configs);
  }

  public boolean isInternal() {
    return name.startsWith("__");
  }
}
