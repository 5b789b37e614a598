package io.runnel.streams;

import io.runnel.streams.internal.GlobalTableDef;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.StoreDef;
import io.runnel.streams.internal.TopologyGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * A processing graph built by {@link StreamsBuilder}: sources, processors, sinks and stores. Run it
 * with {@link RunnelStreams} or {@link TestDriver}.
 *
 * <p>Immutable once built; may be run by several instances.
 */
public final class Topology {
  private final TopologyGraph graph;

  Topology(TopologyGraph graph) {
    this.graph = graph;
  }

  /**
   * The graph of nodes and stores, for runtimes (RunnelStreams, TestDriver, flink-bridge).
   * Internal: no compatibility promise; do not modify it.
   */
  public TopologyGraph graph() {
    return graph;
  }

  /**
   * A text description: every node with its topics, stores, children ({@code -->}) and parents
   * ({@code <--}), then the stores, the global stores and internal topics. Internal topic names
   * start with {@code <application.id>-} at run time.
   */
  public String describe() {
    StringBuilder out = new StringBuilder("Topology:\n");
    for (NodeDef node : graph.nodes()) {
      out.append("  ");
      switch (node.kind()) {
        case SOURCE:
          out.append("Source: ")
              .append(node.name())
              .append(" (topic: ")
              .append(topic(node))
              .append(')');
          break;
        case SINK:
          out.append("Sink: ")
              .append(node.name())
              .append(" (topic: ")
              .append(topic(node))
              .append(')');
          break;
        default:
          out.append("Processor: ")
              .append(node.name())
              .append(" (stores: ")
              .append(node.stores())
              .append(')');
      }
      out.append('\n');
      List<String> children = graph.children(node.name());
      if (!children.isEmpty()) {
        out.append("    --> ").append(String.join(", ", children)).append('\n');
      }
      if (!node.parents().isEmpty()) {
        out.append("    <-- ").append(String.join(", ", node.parents())).append('\n');
      }
    }
    List<String> internal = new ArrayList<>();
    out.append("Stores:\n");
    for (StoreDef store : graph.stores()) {
      String changelog = "<application.id>-" + store.changelogSuffix();
      out.append("  ")
          .append(store.name())
          .append(" (rocksdb")
          .append(kind(store))
          .append(", changelog: ")
          .append(changelog)
          .append(")\n");
    }
    if (!graph.globalTables().isEmpty()) {
      out.append("Global stores (every instance holds all partitions; no tasks):\n");
      for (GlobalTableDef table : graph.globalTables()) {
        out.append("  ")
            .append(table.storeName())
            .append(" (rocksdb, source topic: ")
            .append(table.topic())
            .append(", no changelog)\n");
      }
    }
    for (String topic : graph.repartitionTopics()) {
      internal.add("<application.id>-" + topic);
    }
    for (StoreDef store : graph.stores()) {
      internal.add("<application.id>-" + store.changelogSuffix());
    }
    out.append("Internal topics:\n");
    for (String topic : internal) {
      out.append("  ").append(topic).append('\n');
    }
    return out.toString();
  }

  private static String kind(StoreDef store) {
    switch (store.kind()) {
      case WINDOW:
        return " window";
      case SESSION:
        return " session";
      default:
        return "";
    }
  }

  private static String topic(NodeDef node) {
    if (node.topic() == null) {
      return "(a topic chosen per record)";
    }
    return node.internalTopic() ? "<application.id>-" + node.topic() : node.topic();
  }

  @Override
  public String toString() {
    return describe();
  }
}
