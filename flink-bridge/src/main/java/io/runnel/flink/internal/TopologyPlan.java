package io.runnel.flink.internal;

import io.runnel.flink.UnsupportedTopologyException;
import io.runnel.streams.internal.Downstream;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import io.runnel.streams.internal.TopologyGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topology cut into stages, or a refusal naming the first node that does not translate.
 *
 * <p>Every node gets a {@link Role}. A stage starts at an entry (a source, a repartition source, an
 * aggregation, a suppression, a user processor, a table or a join; for a join whose sides are two
 * nodes, their merge) and holds the stateless nodes reachable from it without passing another
 * entry or a sink; the nodes where it stops are its {@link Exit exits}. A stateless node reachable from two
 * entries (a merge of two sources) is in both stages: each copy sees only its own stage's records.
 *
 * <p>Immutable; built and read on one thread (the client's, or a Flink task's in {@code open}).
 */
public final class TopologyPlan {
  /** What a node is to the bridge. */
  public enum Role {
    /** Reads a topic of the application (a KafkaSource). */
    SOURCE,
    /** Reads a repartition topic: in Flink, the records of its sink arrive by keyBy instead. */
    REPARTITION_SOURCE,
    /** Writes a topic (a KafkaSink). */
    SINK,
    /** Writes a repartition topic. */
    REPARTITION_SINK,
    /** A stateless stream operator, run with its streams-api processor. */
    STATELESS,
    /** count, reduce or aggregate of a grouped stream: keyed ValueState. */
    AGGREGATE,
    /** Tumbling or hopping windowed aggregation: keyed MapState of windows. */
    WINDOW_AGGREGATE,
    /** Session-windowed aggregation: keyed MapState of sessions ({@link SessionStage}). */
    SESSION_AGGREGATE,
    /** Sliding-window aggregation: keyed MapStates of windows and records ({@link SlidingStage}). */
    SLIDING_AGGREGATE,
    /** suppress(untilWindowCloses) of a windowed table: keyed buffer ({@link SuppressStage}). */
    SUPPRESS,
    /** A user processor (Processor API) with its stores as keyed state ({@link ProcessorStage}). */
    PROCESSOR,
    /** A table read from a topic ({@code builder.table}): keyed ValueState of the latest value. */
    TABLE_SOURCE,
    /** Writes a re-grouped table's deltas: in Flink, they go by keyBy to the aggregation. */
    TABLE_REPARTITION_SINK,
    /** Reads a re-grouped table's deltas: no operator of its own (see TABLE_REPARTITION_SINK). */
    TABLE_REPARTITION_SOURCE,
    /** A stream-table join: keyed state mirroring the table, fed by the table's stage. */
    STREAM_TABLE_JOIN,
    /** One side of a table-table join: its changes go by keyBy to the join's TABLE_JOIN stage. */
    TABLE_JOIN_SIDE,
    /** The merge of a table-table join's sides: keyed state mirroring both tables. */
    TABLE_JOIN,
    /** One side of a windowed stream-stream join: its records go by keyBy to the STREAM_JOIN. */
    STREAM_JOIN_SIDE,
    /** The merge of a windowed stream-stream join's sides: both sides buffered in keyed state. */
    STREAM_JOIN
  }

  /**
   * Where a stage's records leave it.
   *
   * @param target the node they go to (a sink, repartition sink or aggregation)
   * @param role that node's role
   */
  public record Exit(String target, Role role) {}

  /**
   * One Flink operator's worth of nodes.
   *
   * @param entry the entry node
   * @param role the entry's role
   * @param nodes the stateless nodes of the stage, parents before children
   * @param exits where records leave, in order (a record's {@link BridgeRecord#exit} indexes it)
   */
  public record Stage(String entry, Role role, List<String> nodes, List<Exit> exits) {
    /** The index of the exit to {@code target}. */
    int exitIndex(String target) {
      for (int i = 0; i < exits.size(); i++) {
        if (exits.get(i).target().equals(target)) {
          return i;
        }
      }
      throw new IllegalArgumentException("stage " + entry + " has no exit to " + target);
    }
  }

  /** Stream operators whose processors use nothing of the native task (only their Downstream). */
  private static final Set<String> STATELESS =
      Set.of(
          "KSTREAM-FILTER",
          "KSTREAM-MAP",
          "KSTREAM-MAPVALUES",
          "KSTREAM-FLATMAP",
          "KSTREAM-FLATMAPVALUES",
          "KSTREAM-KEY-SELECT",
          "KSTREAM-PEEK",
          "KSTREAM-FOREACH",
          "KSTREAM-MERGE",
          "KSTREAM-SPLIT",
          "KSTREAM-BRANCH",
          "KTABLE-TOSTREAM",
          "KTABLE-FILTER",
          "KTABLE-MAPVALUES",
          "KTABLE-SELECT");

  private static final String SUPPORTED =
      "flink-bridge translates sources, sinks to fixed topics, stateless stream operators (filter,"
          + " map, mapValues, flatMap, flatMapValues, selectKey, peek, foreach, merge, split),"
          + " groupBy/groupByKey with count/reduce/aggregate, tumbling, hopping, session and"
          + " sliding windowed aggregations, suppress(untilWindowCloses), toStream, tables from"
          + " topics, KTable filter/mapValues/groupBy with count/reduce/aggregate, stream-table,"
          + " table-table and windowed stream-stream joins, and user processors (KStream.process) fed by a topic or a"
          + " repartition without key changes; run this topology with RunnelStreams instead";

  private final TopologyGraph graph;
  private final Map<String, Role> roles;
  private final Map<String, Stage> stages;
  private final Map<String, String> repartitionSources;
  private final TableLinks tables;

  private TopologyPlan(
      TopologyGraph graph,
      Map<String, Role> roles,
      Map<String, Stage> stages,
      Map<String, String> repartitionSources,
      TableLinks tables) {
    this.graph = graph;
    this.roles = roles;
    this.stages = stages;
    this.repartitionSources = repartitionSources;
    this.tables = tables;
  }

  /**
   * Plans {@code graph}.
   *
   * @throws UnsupportedTopologyException naming the first node (in topology order) that does not
   *     translate
   */
  public static TopologyPlan of(TopologyGraph graph) {
    if (!graph.globalTables().isEmpty()) {
      String store = graph.globalTables().iterator().next().storeName();
      throw new UnsupportedTopologyException(
          store, "flink-bridge cannot run global table '" + store + "': " + SUPPORTED);
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    Map<String, String> repartitionSources = new HashMap<>();
    Map<String, String> repartitionSinks = new HashMap<>();
    for (NodeDef node : graph.nodes()) {
      Role role = roleOf(node, roles);
      roles.put(node.name(), role);
      if (role == Role.REPARTITION_SINK) {
        repartitionSinks.put(node.topic(), node.name());
      } else if (role == Role.REPARTITION_SOURCE) {
        String sink = repartitionSinks.get(node.topic());
        if (sink == null) {
          throw refuse(node, "repartition source", "its repartition sink comes after it");
        }
        repartitionSources.put(sink, node.name());
      }
    }
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (NodeDef node : graph.nodes()) {
      Role role = roles.get(node.name());
      if (isEntry(role)) {
        stages.put(node.name(), stage(graph, roles, node.name(), role));
      }
      if (role == Role.PROCESSOR) {
        ProcessorStage.check(graph, roles, node);
      }
    }
    return new TopologyPlan(
        graph, roles, stages, repartitionSources, TableLinks.of(graph, roles));
  }

  private static boolean isEntry(Role role) {
    return role == Role.SOURCE
        || role == Role.REPARTITION_SOURCE
        || role == Role.AGGREGATE
        || role == Role.WINDOW_AGGREGATE
        || role == Role.SESSION_AGGREGATE
        || role == Role.SLIDING_AGGREGATE
        || role == Role.SUPPRESS
        || role == Role.PROCESSOR
        || role == Role.TABLE_SOURCE
        || role == Role.STREAM_TABLE_JOIN
        || role == Role.TABLE_JOIN
        || role == Role.STREAM_JOIN;
  }

  private static Stage stage(
      TopologyGraph graph, Map<String, Role> roles, String entry, Role role) {
    Set<String> nodes = new LinkedHashSet<>();
    Map<String, Exit> exits = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>(List.of(entry));
    while (!pending.isEmpty()) {
      String current = pending.remove(0);
      for (String child : graph.children(current)) {
        Role childRole = roles.get(child);
        if (childRole == Role.STATELESS) {
          if (nodes.add(child)) {
            pending.add(child);
          }
        } else {
          exits.putIfAbsent(child, new Exit(child, childRole));
        }
      }
    }
    // Keep the topology's order (parents before children) for the stateless nodes.
    List<String> ordered = new ArrayList<>();
    for (NodeDef node : graph.nodes()) {
      if (nodes.contains(node.name())) {
        ordered.add(node.name());
      }
    }
    return new Stage(entry, role, List.copyOf(ordered), List.copyOf(exits.values()));
  }

  private static Role roleOf(NodeDef node, Map<String, Role> roles) {
    Role table = TableLinks.roleOf(node, roles);
    if (table != null) {
      return table;
    }
    switch (node.kind()) {
      case SOURCE:
        if (!(node.factory() instanceof NodeSpecs.Source)) {
          throw refuse(node, "source", "it is not a plain topic source");
        }
        return node.internalTopic() ? Role.REPARTITION_SOURCE : Role.SOURCE;
      case SINK:
        if (!(node.factory() instanceof NodeSpecs.Sink)) {
          throw refuse(node, "sink with a TopicNameExtractor", "the topic is chosen per record");
        }
        return node.internalTopic() ? Role.REPARTITION_SINK : Role.SINK;
      default:
        break;
    }
    if (node.factory() instanceof NodeSpecs.Aggregate) {
      return Role.AGGREGATE;
    }
    if (node.factory() instanceof NodeSpecs.WindowAggregate) {
      return Role.WINDOW_AGGREGATE;
    }
    if (node.factory() instanceof NodeSpecs.SessionAggregate) {
      return Role.SESSION_AGGREGATE;
    }
    if (node.factory() instanceof NodeSpecs.SlidingAggregate) {
      return Role.SLIDING_AGGREGATE;
    }
    if (node.factory() instanceof NodeSpecs.Suppress) {
      return Role.SUPPRESS;
    }
    if (node.factory() instanceof NodeSpecs.UserProcessor) {
      return Role.PROCESSOR;
    }
    String prefix = prefix(node.name());
    if (!STATELESS.contains(prefix)) {
      throw refuse(node, describe(prefix), "it does not translate yet");
    }
    try {
      // These processors only use their Downstream; make sure before the job starts.
      node.factory().create(null, new Downstream());
    } catch (RuntimeException e) {
      throw refuse(node, prefix, "its processor needs the native task (" + e + ")");
    }
    return Role.STATELESS;
  }

  private static String describe(String prefix) {
    if (prefix.contains("JOIN")) {
      return "join";
    }
    return prefix;
  }

  static UnsupportedTopologyException refuse(NodeDef node, String what, String why) {
    return new UnsupportedTopologyException(
        node.name(),
        "flink-bridge cannot run '" + node.name() + "' (" + what + "): " + why + "; " + SUPPORTED);
  }

  /** {@code KSTREAM-FILTER} for {@code KSTREAM-FILTER-0000000002}. */
  static String prefix(String name) {
    return name.replaceFirst("-\\d{10}$", "");
  }

  /** The graph planned. */
  public TopologyGraph graph() {
    return graph;
  }

  /** The role of node {@code name}. */
  public Role role(String name) {
    return roles.get(name);
  }

  /** Every stage, in topology order of their entries (so a stage's inputs come before it). */
  public List<Stage> stages() {
    return List.copyOf(stages.values());
  }

  /** The stage whose entry is {@code entry}. */
  public Stage stage(String entry) {
    Stage stage = stages.get(entry);
    if (stage == null) {
      throw new IllegalArgumentException("no stage starts at node " + entry);
    }
    return stage;
  }

  /** The repartition source node reading what the repartition sink node {@code sink} writes. */
  public String repartitionSourceOf(String sink) {
    return repartitionSources.get(sink);
  }

  /** How the table and join nodes connect across stages. */
  public TableLinks tables() {
    return tables;
  }

  /** The definition of node {@code name}. */
  public NodeDef node(String name) {
    for (NodeDef node : graph.nodes()) {
      if (node.name().equals(name)) {
        return node;
      }
    }
    throw new IllegalArgumentException("no node " + name);
  }
}
