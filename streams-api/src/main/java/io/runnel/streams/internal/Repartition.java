package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import java.util.List;

/**
 * Adds a repartition topic to a topology: a sink writing {@code
 * <application.id>-<name>-repartition} partitioned by murmur2 of the serialized key (null keys
 * dropped), and a source reading it, so every record of a key reaches the task owning that key's
 * partition. Stateless; used while building on one thread.
 */
final class Repartition {
  private Repartition() {}

  /**
   * Routes {@code parent}'s records through the repartition topic {@code name}.
   *
   * @return the name of the source node reading the topic
   */
  static String through(
      TopologyGraph graph, String parent, String name, Serde<?> keySerde, Serde<?> valueSerde) {
    String topic = name + "-repartition";
    graph.add(
        new NodeDef(
            graph.newName("KSTREAM-REPARTITION-SINK"),
            NodeDef.Kind.SINK,
            List.of(parent),
            SinkProcessor.factory(topic, true, keySerde, valueSerde),
            topic,
            true,
            List.of()));
    String source = graph.newName("KSTREAM-REPARTITION-SOURCE");
    graph.add(
        new NodeDef(
            source,
            NodeDef.Kind.SOURCE,
            List.of(),
            SourceProcessor.factory(keySerde, valueSerde),
            topic,
            true,
            List.of()));
    return source;
  }
}
