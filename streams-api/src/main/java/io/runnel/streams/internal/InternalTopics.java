package io.runnel.streams.internal;

import io.runnel.streams.StreamsException;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.TopicSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Checks a topology's topics before it runs and creates its internal ones. Every input topic must
 * exist with the same partition count {@code n} (one partition group per task); repartition topics
 * {@code <application.id>-<name>-repartition} and compacted changelogs {@code
 * <application.id>-<store>-changelog} are created with {@code n} partitions, so a task's changelog
 * partition is the task's partition. Output topics must exist.
 *
 * <p>Stateless; called by the stream thread at start.
 */
final class InternalTopics {
  private InternalTopics() {}

  /**
   * Prepares the topics of {@code graph}.
   *
   * @return every topic the topology reads or writes (resolved names) with its partition count
   * @throws StreamsException naming the missing or mis-sized topic
   */
  static Map<String, Integer> prepare(Log log, TopologyGraph graph, String applicationId) {
    Map<String, Integer> partitions = new HashMap<>();
    Map<String, Integer> inputs = new TreeMap<>();
    for (String topic : graph.externalSourceTopics()) {
      inputs.put(topic, existing(log, topic, "input").partitions());
    }
    if (inputs.isEmpty()) {
      throw new StreamsException(
          "application '" + applicationId + "' has no input topic: add a StreamsBuilder.stream");
    }
    if (new HashSet<>(inputs.values()).size() > 1) {
      StringJoiner counts = new StringJoiner(", ");
      inputs.forEach((topic, count) -> counts.add("'" + topic + "' has " + count));
      throw new StreamsException(
          "input topics are not co-partitioned: "
              + counts
              + " partitions; a task reads the same partition of every input (so joined and"
              + " grouped records of a key meet), so give every input topic of the application"
              + " the same partition count");
    }
    partitions.putAll(inputs);
    int n = inputs.values().iterator().next();
    for (String suffix : graph.repartitionTopics()) {
      String name = applicationId + "-" + suffix;
      ensure(log, TopicSpec.of(name, n));
      partitions.put(name, n);
    }
    for (StoreDef store : graph.stores()) {
      String name = applicationId + "-" + store.changelogSuffix();
      ensure(log, TopicSpec.compacted(name, n));
      partitions.put(name, n);
    }
    for (NodeDef node : graph.nodes()) {
      if (node.kind() == NodeDef.Kind.SINK && !node.internalTopic() && node.topic() != null) {
        partitions.put(node.topic(), existing(log, node.topic(), "output").partitions());
      }
    }
    return partitions;
  }

  private static TopicSpec existing(Log log, String topic, String role) {
    Optional<TopicSpec> spec = log.describeTopic(topic);
    if (spec.isEmpty()) {
      throw new StreamsException(role + " topic '" + topic + "' does not exist; create it first");
    }
    return spec.get();
  }

  private static void ensure(Log log, TopicSpec wanted) {
    log.createTopic(wanted);
    TopicSpec actual = existing(log, wanted.name(), "internal");
    if (actual.partitions() != wanted.partitions()) {
      throw new StreamsException(
          "internal topic '"
              + wanted.name()
              + "' has "
              + actual.partitions()
              + " partitions but the input topics have "
              + wanted.partitions()
              + "; delete it (and the application's state) to start over");
    }
  }
}
