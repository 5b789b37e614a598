package io.runnel.flink.internal;

import io.runnel.flink.internal.TopologyPlan.Role;
import io.runnel.state.serde.Serde;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import io.runnel.streams.internal.StoreDef;
import io.runnel.streams.internal.TopologyGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the table and join nodes of a topology connect across stages, where the graph alone does not
 * say it: the table stage whose store writes feed each stream-table join (the join names the store,
 * not the node), the aggregation behind each re-grouped table's repartition, the join stage behind
 * each table-table join side, and the key serde each of them is routed by.
 *
 * <p>Immutable; built and read on one thread (the client's, or a Flink task's in {@code open}).
 */
public final class TableLinks {
  private final Map<String, StoreDef> stores;
  private final Map<String, List<String>> feeds;
  private final Map<String, String> aggregations;
  private final Map<String, String> joins;
  private final Map<String, Serde<?>> routeSerdes;

  private TableLinks(
      Map<String, StoreDef> stores,
      Map<String, List<String>> feeds,
      Map<String, String> aggregations,
      Map<String, String> joins,
      Map<String, Serde<?>> routeSerdes) {
    this.stores = stores;
    this.feeds = feeds;
    this.aggregations = aggregations;
    this.joins = joins;
    this.routeSerdes = routeSerdes;
  }

  /**
   * The role of a table or join node, or null if {@code node} is none.
   *
   * @param roles the roles of the nodes before it (its parents among them)
   */
  static Role roleOf(NodeDef node, Map<String, Role> roles) {
    String prefix = TopologyPlan.prefix(node.name());
    if (node.kind() == NodeDef.Kind.SINK && prefix.equals("KTABLE-REPARTITION-SINK")) {
      return Role.TABLE_REPARTITION_SINK;
    }
    if (node.kind() == NodeDef.Kind.SOURCE && prefix.equals("KTABLE-REPARTITION-SOURCE")) {
      return Role.TABLE_REPARTITION_SOURCE;
    }
    if (node.factory() instanceof NodeSpecs.StreamStreamJoin) {
      return Role.STREAM_JOIN_SIDE;
    }
    if (node.factory() instanceof NodeSpecs.StreamTableJoin) {
      return Role.STREAM_TABLE_JOIN;
    }
    if (node.factory() instanceof NodeSpecs.TableTableJoin) {
      return Role.TABLE_JOIN_SIDE;
    }
    if (prefix.equals("KTABLE-SOURCE") && node.stores().size() == 1) {
      return Role.TABLE_SOURCE;
    }
    if (prefix.equals("KTABLE-MERGE")
        && !node.parents().isEmpty()
        && node.parents().stream().allMatch(p -> roles.get(p) == Role.TABLE_JOIN_SIDE)) {
      return Role.TABLE_JOIN;
    }
    if (prefix.equals("KSTREAM-MERGE")
        && node.parents().size() == 2
        && node.parents().stream().allMatch(p -> roles.get(p) == Role.STREAM_JOIN_SIDE)) {
      return Role.STREAM_JOIN;
    }
    return null;
  }

  /**
   * Links the table and join nodes of {@code graph}, whose nodes have {@code roles}.
   *
   * @throws io.runnel.flink.UnsupportedTopologyException naming a join whose table no table source
   *     or aggregation holds, or a table node wired in a way the DSL does not build
   */
  static TableLinks of(TopologyGraph graph, Map<String, Role> roles) {
    Map<String, StoreDef> stores = new HashMap<>();
    for (StoreDef store : graph.stores()) {
      stores.put(store.name(), store);
    }
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef node : graph.nodes()) {
      nodes.put(node.name(), node);
    }
    Map<String, List<String>> feeds = new HashMap<>();
    Map<String, String> aggregations = new HashMap<>();
    Map<String, String> joins = new HashMap<>();
    Map<String, Serde<?>> routeSerdes = new HashMap<>();
    for (NodeDef node : graph.nodes()) {
      Role role = roles.get(node.name());
      if (role == null) {
        continue;
      }
      switch (role) {
        case TABLE_SOURCE:
          routeSerdes.put(node.name(), stores.get(node.stores().get(0)).keySerde());
          break;
        case STREAM_TABLE_JOIN:
          NodeSpecs.StreamTableJoin spec = (NodeSpecs.StreamTableJoin) node.factory();
          String owner = ownerOf(graph, roles, spec.tableStore());
          if (owner == null) {
            throw TopologyPlan.refuse(
                node,
                "stream-table join",
                "no table source or aggregation of the bridge holds its table (store '"
                    + spec.tableStore()
                    + "')");
          }
          feeds.computeIfAbsent(owner, k -> new ArrayList<>()).add(node.name());
          routeSerdes.put(node.name(), spec.tableKeySerde());
          break;
        case TABLE_JOIN_SIDE:
          List<String> children = graph.children(node.name());
          if (children.size() != 1 || roles.get(children.get(0)) != Role.TABLE_JOIN) {
            throw TopologyPlan.refuse(
                node, "table-table join", "it does not lead to the merge of the join's sides");
          }
          joins.put(node.name(), children.get(0));
          routeSerdes.put(node.name(), ((NodeSpecs.TableTableJoin) node.factory()).otherKeySerde());
          break;
        case STREAM_JOIN_SIDE:
          List<String> merges = graph.children(node.name());
          if (merges.size() != 1 || roles.get(merges.get(0)) != Role.STREAM_JOIN) {
            throw TopologyPlan.refuse(
                node, "stream-stream join", "it does not lead to the merge of the join's sides");
          }
          joins.put(node.name(), merges.get(0));
          routeSerdes.put(
              node.name(), ((NodeSpecs.StreamStreamJoin) node.factory()).thisStore().keySerde());
          break;
        case TABLE_REPARTITION_SINK:
          String aggregation = aggregationAfter(graph, roles, node);
          if (aggregation == null) {
            throw TopologyPlan.refuse(
                node, "table repartition", "it does not lead to one table aggregation");
          }
          aggregations.put(node.name(), aggregation);
          routeSerdes.put(node.name(), KeyedStage.store(nodes.get(aggregation)).keySerde());
          break;
        default:
          break;
      }
    }
    return new TableLinks(stores, feeds, aggregations, joins, routeSerdes);
  }

  /** The table source or aggregation node holding {@code store}, or null. */
  private static String ownerOf(TopologyGraph graph, Map<String, Role> roles, String store) {
    for (NodeDef node : graph.nodes()) {
      Role role = roles.get(node.name());
      if ((role == Role.TABLE_SOURCE || role == Role.AGGREGATE) && node.stores().contains(store)) {
        return node.name();
      }
    }
    return null;
  }

  private static String aggregationAfter(
      TopologyGraph graph, Map<String, Role> roles, NodeDef sink) {
    for (NodeDef node : graph.nodes()) {
      if (roles.get(node.name()) == Role.TABLE_REPARTITION_SOURCE
          && node.topic().equals(sink.topic())) {
        List<String> children = graph.children(node.name());
        if (children.size() == 1 && roles.get(children.get(0)) == Role.AGGREGATE) {
          return children.get(0);
        }
      }
    }
    return null;
  }

  /**
   * The stream-table joins that look up the table of stage {@code tableEntry} (a table source or an
   * aggregation), in topology order:
   * the stage sends every write of its store to each (exits numbered after the stage's own exits).
   */
  public List<String> feeds(String tableEntry) {
    return feeds.getOrDefault(tableEntry, List.of());
  }

  /** The aggregation that folds what the table repartition sink {@code sink} writes. */
  public String aggregationAfter(String sink) {
    return aggregations.get(sink);
  }

  /**
   * The merge node (a TABLE_JOIN or STREAM_JOIN stage) of the table-table or stream-stream join
   * side {@code side}.
   */
  public String joinOf(String side) {
    return joins.get(side);
  }

  /**
   * The key serde that records towards {@code node} (a table source, stream-table join, join side
   * or table repartition) are routed by, or null for the configured default.
   */
  public Serde<?> routeKeySerde(String node) {
    return routeSerdes.get(node);
  }

  /** The store named {@code name}. */
  public StoreDef store(String name) {
    StoreDef store = stores.get(name);
    if (store == null) {
      throw new IllegalArgumentException("no store " + name);
    }
    return store;
  }
}
