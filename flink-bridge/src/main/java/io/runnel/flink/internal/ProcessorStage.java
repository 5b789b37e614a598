package io.runnel.flink.internal;

import io.runnel.flink.UnsupportedTopologyException;
import io.runnel.state.StateStore;
import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.StreamsException;
import io.runnel.streams.internal.NodeDef;
import io.runnel.streams.internal.NodeSpecs;
import io.runnel.streams.internal.StoreDef;
import io.runnel.streams.internal.TopologyGraph;
import io.runnel.streams.processor.Cancellable;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.PunctuationType;
import io.runnel.streams.processor.Punctuator;
import io.runnel.streams.processor.Record;
import io.runnel.streams.processor.RecordMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A user processor ({@code KStream.process}, the Processor API) run per key: its input is keyed by
 * the record key serialized with the key serde of the topic source or repartition that partitions
 * it (the processor must not see keys changed since, see {@link #check}), and each of its
 * key-value stores is a Flink keyed {@code ValueState} of the store's value bytes, so a store holds
 * for each key what the native store holds for it, checkpointed with the job.
 *
 * <p>What does not translate, with a clear error: a store read or written at another key than the
 * record's ({@code get}, {@code put}, {@code putIfAbsent}, {@code putAll}, {@code delete} at the
 * record's key work; {@code range}, {@code all}, {@code prefixScan} and entry counts do not), and
 * punctuators ({@code schedule}): refused before the job starts, since {@link #check} calls the
 * processor's {@code init} with a probing context whenever the plan is made (on the client before
 * submitting, and in each task), and refused in the job if a processor schedules one later. {@code recordMetadata()} is empty (records reach a keyed stage without their
 * log position); {@code taskId()} is {@code flink-<subtask>}; stream time is the one the record
 * carries from its source partition.
 *
 * <p>Not thread-safe: one Flink task thread per instance, which calls the user processor's {@code
 * init}, {@code process} and {@code close}.
 */
public final class ProcessorStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;

  /** Stream operators that keep the key, so a processor after them sees the partitioning keys. */
  private static final Set<String> KEEPS_KEY =
      Set.of(
          "KSTREAM-FILTER",
          "KSTREAM-MAPVALUES",
          "KSTREAM-FLATMAPVALUES",
          "KSTREAM-PEEK",
          "KSTREAM-MERGE",
          "KSTREAM-SPLIT",
          "KSTREAM-BRANCH");

  private final StageSetup setup;
  private transient NodeSpecs.UserProcessor spec;
  private transient Processor<Object, Object, Object, Object> user;
  private transient Map<String, KeyedStore> stores;
  private transient StageRunner runner;
  private transient BridgeRecord current;
  private transient String taskId;

  ProcessorStage(StageSetup setup) {
    this.setup = setup;
  }

  /**
   * Refuses a user processor that does not translate: one whose keys may not be those its input is
   * partitioned by (anything but a topic source or repartition, through filter, mapValues,
   * flatMapValues, peek, merge or split, feeds it), one connected to a store that is not a
   * key-value store, and one whose {@code init} schedules a punctuator (found by calling {@code
   * init} once with a probing context).
   */
  static void check(TopologyGraph graph, Map<String, TopologyPlan.Role> roles, NodeDef node) {
    NodeSpecs.UserProcessor spec = (NodeSpecs.UserProcessor) node.factory();
    origin(graph, roles, node, node.name());
    for (String store : spec.stores()) {
      if (storeDef(graph, store).kind() != StoreDef.Kind.KEY_VALUE) {
        throw TopologyPlan.refuse(
            node, "Processor API", "its store '" + store + "' is not a key-value store");
      }
    }
    Processor<?, ?, ?, ?> probe = spec.supplier().get();
    if (probe == null) {
      throw TopologyPlan.refuse(node, "Processor API", "its ProcessorSupplier returned null");
    }
    try {
      @SuppressWarnings("unchecked")
      Processor<Object, Object, Object, Object> typed =
          (Processor<Object, Object, Object, Object>) probe;
      typed.init(new Probe(node));
    } catch (UnsupportedTopologyException e) {
      throw e;
    } catch (RuntimeException e) {
      // The probe has no real stores: an init that uses them fails here but may work in the job.
    } finally {
      try {
        probe.close();
      } catch (RuntimeException e) {
        // Same: the probe's processor never processed anything.
      }
    }
  }

  /** The source or repartition source whose keys reach {@code name} unchanged; else refuses. */
  private static NodeDef origin(
      TopologyGraph graph, Map<String, TopologyPlan.Role> roles, NodeDef processor, String name) {
    NodeDef node = node(graph, name);
    NodeDef origin = null;
    for (String parent : node.parents()) {
      TopologyPlan.Role role = roles.get(parent);
      NodeDef found;
      if (role == TopologyPlan.Role.SOURCE || role == TopologyPlan.Role.REPARTITION_SOURCE) {
        found = node(graph, parent);
      } else if (role == TopologyPlan.Role.STATELESS
          && KEEPS_KEY.contains(TopologyPlan.prefix(parent))) {
        found = origin(graph, roles, processor, parent);
      } else {
        throw TopologyPlan.refuse(
            processor,
            "Processor API",
            "its input comes from '"
                + parent
                + "', so its keys may not be those the input is partitioned by (flink-bridge runs"
                + " a processor per key; add repartition() before process(), or feed it from a"
                + " topic through filter, mapValues, flatMapValues, peek, merge or split)");
      }
      if (origin == null) {
        origin = found;
      }
    }
    return origin;
  }

  private static NodeDef node(TopologyGraph graph, String name) {
    for (NodeDef node : graph.nodes()) {
      if (node.name().equals(name)) {
        return node;
      }
    }
    throw new IllegalArgumentException("no node " + name);
  }

  private static StoreDef storeDef(TopologyGraph graph, String name) {
    for (StoreDef store : graph.stores()) {
      if (store.name().equals(name)) {
        return store;
      }
    }
    throw new IllegalArgumentException("no store " + name);
  }

  /**
   * How a stage hands records to the processor {@code node}: the objects themselves, routed by the
   * key serialized with the key serde of the source or repartition its keys come from (a null key
   * routes as the empty string).
   */
  static StageRunner.Encoder encoder(TopologyPlan plan, NodeDef node, StreamsConfig config) {
    Map<String, TopologyPlan.Role> roles = new HashMap<>();
    for (NodeDef each : plan.graph().nodes()) {
      roles.put(each.name(), plan.role(each.name()));
    }
    NodeSpecs.Source origin = (NodeSpecs.Source) origin(plan.graph(), roles, node, node.name())
        .factory();
    Serde<Object> keySerde = StageRunner.serde(origin.keySerde(), config.defaultKeySerde());
    return out -> {
      out.route = out.key == null ? "" : StageRunner.route(keySerde.serialize(out.key));
      return true;
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    NodeDef node = plan.node(setup.entry());
    spec = (NodeSpecs.UserProcessor) node.factory();
    taskId = "flink-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    stores = new HashMap<>();
    for (String name : spec.stores()) {
      StoreDef def = storeDef(plan.graph(), name);
      stores.put(
          name,
          new KeyedStore(
              name,
              node.name(),
              getRuntimeContext()
                  .getState(
                      new ValueStateDescriptor<>(
                          name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)),
              StageRunner.serde(def.keySerde(), config.defaultKeySerde()),
              StageRunner.serde(def.valueSerde(), config.defaultValueSerde()),
              () -> current));
    }
    runner = new StageRunner(plan, plan.stage(node.name()), config);
    Processor<?, ?, ?, ?> made = spec.supplier().get();
    if (made == null) {
      throw new StreamsException("the ProcessorSupplier of node " + node.name() + " returned null");
    }
    user = (Processor<Object, Object, Object, Object>) made;
    user.init(new UserContext(node.name()));
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out) {
    runner.emitTo(out::collect);
    current = in;
    try {
      user.process(new Record<>(in.key, in.value, in.timestamp));
    } finally {
      current = null;
    }
  }

  @Override
  public void close() {
    if (user != null) {
      user.close();
    }
  }

  /** What the user processor sees in the job. */
  private final class UserContext implements ProcessorContext<Object, Object> {
    private final String node;

    UserContext(String node) {
      this.node = node;
    }

    @Override
    public void forward(Record<?, ?> record) {
      long streamTime = current == null ? -1 : current.streamTime;
      runner.process(record.key(), record.value(), record.timestamp(), streamTime);
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
      KeyedStore store = stores.get(name);
      if (store == null) {
        throw new StreamsException(
            "processor "
                + node
                + " is not connected to state store '"
                + name
                + "'; name it in KStream.process(supplier, storeNames)");
      }
      @SuppressWarnings("unchecked")
      S typed = (S) store;
      return typed;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
      throw punctuation(node);
    }

    @Override
    public String taskId() {
      return taskId;
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
      return Optional.empty();
    }

    @Override
    public long currentStreamTimeMs() {
      return current == null ? -1 : current.streamTime;
    }

    @Override
    public long currentSystemTimeMs() {
      return System.currentTimeMillis();
    }
  }

  private static UnsupportedTopologyException punctuation(String node) {
    return new UnsupportedTopologyException(
        node,
        "flink-bridge cannot run '"
            + node
            + "' (Processor API): it schedules a punctuator, which does not translate (a Flink"
            + " keyed stage reaches its state only per key); run this topology with RunnelStreams"
            + " instead");
  }

  /** The context {@link #check} calls {@code init} with: finds punctuators, does nothing else. */
  private static final class Probe implements ProcessorContext<Object, Object> {
    private final NodeDef node;

    Probe(NodeDef node) {
      this.node = node;
    }

    @Override
    public void forward(Record<?, ?> record) {}

    @Override
    public <S extends StateStore> S getStateStore(String name) {
      List<String> connected = ((NodeSpecs.UserProcessor) node.factory()).stores();
      if (!connected.contains(name)) {
        throw TopologyPlan.refuse(
            node,
            "Processor API",
            "it uses state store '" + name + "' without naming it in KStream.process");
      }
      return null;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
      throw punctuation(node.name());
    }

    @Override
    public String taskId() {
      return "flink-check";
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
      return Optional.empty();
    }

    @Override
    public long currentStreamTimeMs() {
      return -1;
    }

    @Override
    public long currentSystemTimeMs() {
      return System.currentTimeMillis();
    }
  }
}
