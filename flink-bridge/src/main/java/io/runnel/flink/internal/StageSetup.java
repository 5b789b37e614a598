package io.runnel.flink.internal;

import io.runnel.flink.TopologySource;
import io.runnel.streams.StreamsConfig;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What a stage function ships to its Flink task (serializable) and rebuilds there in {@code open}:
 * the topology's source, the stage's entry node and the application's config.
 *
 * @param source where the task gets the topology
 * @param entry the stage's entry node
 * @param config the application's config (application.id, serdes, ...)
 */
record StageSetup(TopologySource source, String entry, HashMap<String, String> config)
    implements Serializable {

  StageSetup(TopologySource source, String entry, Map<String, String> config) {
    this(source, entry, new HashMap<>(config));
  }

  /** The plan, rebuilt from the topology in this task. */
  TopologyPlan plan() {
    return TopologyPlan.of(source.topology().graph());
  }

  StreamsConfig streamsConfig() {
    return StreamsConfig.from(config);
  }
}
