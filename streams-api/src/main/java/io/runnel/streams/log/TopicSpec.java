package io.runnel.streams.log;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as created or described: its name, partition count and the topic configs that differ from
 * the log's defaults (Kafka's names, for example {@code cleanup.policy=compact}).
 *
 * @param name the topic name
 * @param partitions the number of partitions, at least 1
 * @param configs topic configs; never null
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  /** Checks the fields and copies the configs. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic '" + name + "' needs at least one partition, got " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /** A topic with default configs. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of());
  }

  /** A compacted topic ({@code cleanup.policy=compact}), as changelogs are. */
  public static TopicSpec compacted(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
  }
}
