package io.runnel.streams.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The nodes and stores a {@code StreamsBuilder} has added, in the order added (parents before
 * children). Names are generated as Kafka Streams does: {@code <PREFIX>-<10-digit index>}.
 *
 * <p>Not thread-safe: built on one thread, then only read.
 */
public final class TopologyGraph {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
  private final Map<String, StoreDef> stores = new LinkedHashMap<>();
  private final List<String> repartitionTopics = new ArrayList<>();
  private final Map<String, GlobalTableDef> globalTables = new LinkedHashMap<>();
  private int index;

  /** A new unique name with {@code prefix}. */
  public String newName(String prefix) {
    return String.format("%s-%010d", prefix, index++);
  }

  /** Adds a node. */
  public void add(NodeDef node) {
    if (nodes.containsKey(node.name())) {
      throw new IllegalArgumentException("topology already has a node named '" + node.name() + "'");
    }
    for (String parent : node.parents()) {
      if (!nodes.containsKey(parent)) {
        throw new IllegalArgumentException(
            "node '" + node.name() + "' has unknown parent " + parent);
      }
    }
    if (node.kind() == NodeDef.Kind.SINK && node.internalTopic()) {
      repartitionTopics.add(node.topic());
    }
    nodes.put(node.name(), node);
  }

  /** Adds a store. */
  public void addStore(StoreDef store) {
    checkStoreName(store.name());
    stores.put(store.name(), store);
  }

  /** Adds a global table; its store name must be unique among all stores. */
  public void addGlobalTable(GlobalTableDef table) {
    checkStoreName(table.storeName());
    globalTables.put(table.storeName(), table);
  }

  private void checkStoreName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("store name '" + name + "' must match " + NAME.pattern());
    }
    if (stores.containsKey(name) || globalTables.containsKey(name)) {
      throw new IllegalArgumentException("topology already has a store named '" + name + "'");
    }
  }

  /** Every global table, in the order added. */
  public Collection<GlobalTableDef> globalTables() {
    return globalTables.values();
  }

  /** Every node, parents before children. */
  public Collection<NodeDef> nodes() {
    return nodes.values();
  }

  /** Every store. */
  public Collection<StoreDef> stores() {
    return stores.values();
  }

  /** Repartition topic names without the application id prefix. */
  public List<String> repartitionTopics() {
    return repartitionTopics;
  }

  /** Topics read by source nodes that are not internal: the application's inputs. */
  public List<String> externalSourceTopics() {
    List<String> topics = new ArrayList<>();
    for (NodeDef node : nodes.values()) {
      if (node.kind() == NodeDef.Kind.SOURCE && !node.internalTopic()) {
        topics.add(node.topic());
      }
    }
    return topics;
  }

  /** Names of the nodes whose parents include {@code name}, in the order added. */
  public List<String> children(String name) {
    List<String> children = new ArrayList<>();
    for (NodeDef node : nodes.values()) {
      if (node.parents().contains(name)) {
        children.add(node.name());
      }
    }
    return children;
  }
}
