package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.internal.Change;
import io.runnel.streams.internal.Downstream;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import io.runnel.streams.internal.Processor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the nodes of one stage inside its Flink operator: the stateless nodes with their streams-api
 * processors, wired as in a native task, and at the stage's exits serializes what leaves into
 * {@link BridgeRecord}s (sink and repartition exits with the sink's serdes, as the native runtime
 * writes them; aggregation exits keep the objects and add the serialized key to route by).
 *
 * <p>Not thread-safe: owned by the operator's task thread.
 */
public final class StageRunner {
  private final Downstream entryOut = new Downstream();
  private Consumer<BridgeRecord> emit = record -> {};
  private long streamTime = -1;

  /**
   * Wires the stage {@code stage} of {@code plan}, resolving default serdes from {@code config}.
   */
  public StageRunner(TopologyPlan plan, TopologyPlan.Stage stage, StreamsConfig config) {
    Map<String, Processor> processors = new HashMap<>();
    Map<String, Downstream> outs = new HashMap<>();
    outs.put(stage.entry(), entryOut);
    for (String name : stage.nodes()) {
      Downstream out = new Downstream();
      outs.put(name, out);
      processors.put(name, plan.node(name).factory().create(null, out));
    }
    List<TopologyPlan.Exit> exits = stage.exits();
    for (int i = 0; i < exits.size(); i++) {
      TopologyPlan.Exit exit = exits.get(i);
      processors.put(
          exit.target(), exitProcessor(plan, plan.node(exit.target()), exit.role(), i, config));
    }
    for (Map.Entry<String, Downstream> parent : outs.entrySet()) {
      for (String child : plan.graph().children(parent.getKey())) {
        Processor processor = processors.get(child);
        if (processor != null) {
          parent.getValue().add(processor);
        }
      }
    }
  }

  /** Where records leaving the stage go; set before each call of {@link #process}. */
  public void emitTo(Consumer<BridgeRecord> emit) {
    this.emit = emit;
  }

  /**
   * Hands one record, as the entry forwards it, to the entry's children.
   *
   * @param streamTime the stream time of the record's partition, after this record
   */
  public void process(Object key, Object value, long timestamp, long streamTime) {
    this.streamTime = streamTime;
    entryOut.forward(key, value, timestamp);
  }

  /** The serialized key as a string to key by: one char per byte, so equal bytes, equal string. */
  public static String route(byte[] key) {
    return new String(key, StandardCharsets.ISO_8859_1);
  }

  /**
   * Fills in a record leaving the stage towards a keyed stage of its own kind (key, value and
   * route to key by), or says it leaves not at all.
   */
  @FunctionalInterface
  interface Encoder {
    /** Rewrites {@code out} (which holds the objects as forwarded); false drops it. */
    boolean encode(BridgeRecord out);
  }

  private Processor exitProcessor(
      TopologyPlan plan, NodeDef node, TopologyPlan.Role role, int index, StreamsConfig config) {
    switch (role) {
      case SINK:
      case REPARTITION_SINK:
        NodeSpecs.Sink sink = (NodeSpecs.Sink) node.factory();
        Serde<Object> keySerde = serde(sink.keySerde(), config.defaultKeySerde());
        Serde<Object> valueSerde = serde(sink.valueSerde(), config.defaultValueSerde());
        boolean repartition = role == TopologyPlan.Role.REPARTITION_SINK;
        return (key, value, ts) -> {
          byte[] keyBytes = keySerde.serialize(key);
          if (keyBytes == null && repartition) {
            return; // a repartition drops records without a key: they have no group
          }
          BridgeRecord out = record(index, key, value, ts);
          out.key = keyBytes;
          out.value = valueSerde.serialize(value);
          out.route = keyBytes == null ? null : route(keyBytes);
          out.topic = repartition ? null : sink.topic();
          emit.accept(out);
        };
      case SUPPRESS:
      case PROCESSOR:
        Encoder encoder =
            role == TopologyPlan.Role.SUPPRESS
                ? SuppressStage.encoder(node, config)
                : ProcessorStage.encoder(plan, node, config);
        return (key, value, ts) -> {
          BridgeRecord out = record(index, key, value, ts);
          if (encoder.encode(out)) {
            emit.accept(out);
          }
        };
      case AGGREGATE:
      case WINDOW_AGGREGATE:
      case SESSION_AGGREGATE:
      case SLIDING_AGGREGATE:
        Serde<Object> storeKeySerde =
            serde(KeyedStage.store(node).keySerde(), config.defaultKeySerde());
        return (key, value, ts) -> {
          if (key == null || value == null) {
            return; // aggregations skip records without key or value, as in Kafka Streams
          }
          BridgeRecord out = record(index, key, value, ts);
          out.route = route(storeKeySerde.serialize(key));
          emit.accept(out);
        };
      case TABLE_SOURCE:
      case TABLE_REPARTITION_SINK:
      case STREAM_TABLE_JOIN:
      case TABLE_JOIN_SIDE:
        return tableExit(plan, node, role, index, config);
      case STREAM_JOIN_SIDE:
        return streamJoinExit(plan, node, index, config);
      default:
        throw new IllegalStateException("a stage cannot exit to " + role + " node " + node.name());
    }
  }

  /**
   * An exit towards a keyed table or join stage: objects kept, routed by the key serialized with
   * the serde {@link TableLinks#routeKeySerde} names; a table change towards a join side travels
   * as {@code oldValue} and {@code value}, with the side it comes from.
   */
  private Processor tableExit(
      TopologyPlan plan, NodeDef node, TopologyPlan.Role role, int index, StreamsConfig config) {
    Serde<Object> routeSerde =
        serde(plan.tables().routeKeySerde(node.name()), config.defaultKeySerde());
    boolean isSide = role == TopologyPlan.Role.TABLE_JOIN_SIDE;
    int side = isSide && !((NodeSpecs.TableTableJoin) node.factory()).thisIsLeft() ? 1 : 0;
    // A stream-table join skips stream records without a value; a table takes them as deletes.
    boolean needsValue = role == TopologyPlan.Role.STREAM_TABLE_JOIN;
    return (key, value, ts) -> {
      if (key == null || (needsValue && value == null)) {
        return; // tables, joins and groups skip records without a key, as natively
      }
      BridgeRecord out = record(index, key, value, ts);
      out.route = route(routeSerde.serialize(key));
      if (isSide) {
        Change change = (Change) value;
        out.value = change.newValue();
        out.oldValue = change.oldValue();
        out.side = side;
      }
      emit.accept(out);
    };
  }

  /**
   * An exit towards a windowed stream-stream join: objects kept, routed by the key serialized with
   * the join's key serde, marked with the side (0 the stream {@code join} was called on, 1 the
   * other); records without key or value are skipped, as the native join skips them.
   */
  private Processor streamJoinExit(
      TopologyPlan plan, NodeDef node, int index, StreamsConfig config) {
    Serde<Object> routeSerde =
        serde(plan.tables().routeKeySerde(node.name()), config.defaultKeySerde());
    int side = ((NodeSpecs.StreamStreamJoin) node.factory()).thisSide() ? 0 : 1;
    return (key, value, ts) -> {
      if (key == null || value == null) {
        return;
      }
      BridgeRecord out = record(index, key, value, ts);
      out.route = route(routeSerde.serialize(key));
      out.side = side;
      emit.accept(out);
    };
  }

  private BridgeRecord record(int index, Object key, Object value, long timestamp) {
    BridgeRecord out = new BridgeRecord();
    out.exit = index;
    out.key = key;
    out.value = value;
    out.timestamp = timestamp;
    out.streamTime = streamTime;
    return out;
  }

  /** {@code serde}, or {@code fallback} (the configured default) if it is null. */
  @SuppressWarnings("unchecked")
  static Serde<Object> serde(Serde<?> serde, Serde<?> fallback) {
    return (Serde<Object>) (serde != null ? serde : fallback);
  }
}
