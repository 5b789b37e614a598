package io.runnel.streams.internal;

import io.runnel.state.KeyValue;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.KGroupedTable;
import io.runnel.streams.KStream;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.Suppressed;
import io.runnel.streams.ValueJoiner;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A {@link KTable} as a node of a {@link TopologyGraph} whose records carry {@link Change}s.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
public final class KTableImpl<K, V> implements KTable<K, V> {
  private final TopologyGraph graph;
  private final String node;
  private final TableInfo info;

  KTableImpl(TopologyGraph graph, String node, TableInfo info) {
    this.graph = graph;
    this.node = node;
    this.info = info;
  }

  /**
   * Adds a table read from {@code topic}: a source node, then a node materializing it into a
   * key-value store (named by {@code materialized}, else generated) changelogged to its own {@code
   * <application.id>-<store>-changelog}.
   */
  public static <K, V> KTable<K, V> source(
      TopologyGraph graph, String topic, Consumed<K, V> consumed, Materialized<K, V> materialized) {
    String source = KStreamImpl.source(graph, topic, consumed).node();
    String storeName =
        materialized.storeName() != null
            ? materialized.storeName()
            : graph.newName("KTABLE-SOURCE-STATE-STORE");
    StoreDef store =
        new StoreDef(
            storeName,
            materialized.keySerde() != null ? materialized.keySerde() : consumed.keySerde(),
            materialized.valueSerde() != null ? materialized.valueSerde() : consumed.valueSerde());
    graph.addStore(store);
    String name = graph.newName("KTABLE-SOURCE");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(source),
            TableSourceProcessor.factory(store),
            null,
            false,
            List.of(storeName)));
    return new KTableImpl<>(
        graph, name, new TableInfo(storeName, store.keySerde(), store.valueSerde(), -1));
  }

  String node() {
    return node;
  }

  /**
   * This table's description, checked to be held in a key-value store, as a join needs.
   *
   * @throws IllegalArgumentException naming the node if it is a view or windowed
   */
  TableInfo joinable() {
    if (info.storeName() == null || info.windowed()) {
      throw new IllegalArgumentException(
          "a join needs a table held in a key-value store (StreamsBuilder.table or a count,"
              + " reduce or aggregate without windows), but node "
              + node
              + " is "
              + (info.windowed() ? "windowed" : "a view (filter, mapValues, join or suppress)"));
    }
    return info;
  }

  /** {@code table} as this builder's {@code KTableImpl}. */
  static <K, V> KTableImpl<K, V> of(TopologyGraph graph, KTable<K, V> table) {
    if (!(table instanceof KTableImpl<K, V> impl) || impl.graph != graph) {
      throw new IllegalArgumentException("can only join tables of the same StreamsBuilder");
    }
    return impl;
  }

  @Override
  public <KR, VR> KGroupedTable<KR, VR> groupBy(
      BiFunction<? super K, ? super V, ? extends KeyValue<KR, VR>> selector,
      Grouped<KR, VR> grouped) {
    return new KGroupedTableImpl<>(
        graph, node, (key, value) -> selector.apply(Casts.cast(key), Casts.cast(value)), grouped);
  }

  @Override
  public <VO, VR> KTable<K, VR> join(
      KTable<K, VO> other, ValueJoiner<? super V, ? super VO, ? extends VR> joiner) {
    return join(other, joiner, JoinType.INNER);
  }

  @Override
  public <VO, VR> KTable<K, VR> leftJoin(
      KTable<K, VO> other, ValueJoiner<? super V, ? super VO, ? extends VR> joiner) {
    return join(other, joiner, JoinType.LEFT);
  }

  @Override
  public <VO, VR> KTable<K, VR> outerJoin(
      KTable<K, VO> other, ValueJoiner<? super V, ? super VO, ? extends VR> joiner) {
    return join(other, joiner, JoinType.OUTER);
  }

  private <VO, VR> KTable<K, VR> join(
      KTable<K, VO> otherTable,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinType type) {
    KTableImpl<K, VO> other = of(graph, otherTable);
    TableInfo mine = joinable();
    TableInfo theirs = other.joinable();
    String left =
        add("KTABLE-JOINTHIS", TableTableJoinProcessor.factory(theirs, joiner, type, true));
    String right =
        other.add("KTABLE-JOINOTHER", TableTableJoinProcessor.factory(mine, joiner, type, false));
    String name = graph.newName("KTABLE-MERGE");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(left, right),
            (task, out) -> out::forward,
            null,
            false,
            List.of(mine.storeName(), theirs.storeName())));
    return new KTableImpl<>(graph, name, new TableInfo(null, info.keySerde(), null, -1));
  }

  private String add(String prefix, ProcessorFactory factory) {
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(name, NodeDef.Kind.PROCESSOR, List.of(node), factory, null, false, List.of()));
    return name;
  }

  @Override
  public KTable<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
    return new KTableImpl<>(
        graph,
        add(
            "KTABLE-FILTER",
            (task, out) ->
                (key, value, ts) -> {
                  Change change = (Change) value;
                  Object newValue =
                      passes(predicate, key, change.newValue()) ? change.newValue() : null;
                  Object oldValue =
                      passes(predicate, key, change.oldValue()) ? change.oldValue() : null;
                  if (newValue != null || oldValue != null) {
                    out.forward(key, new Change(oldValue, newValue), ts);
                  }
                }),
        info.view());
  }

  private static <K, V> boolean passes(
      BiPredicate<? super K, ? super V> predicate, Object key, Object value) {
    return value != null && predicate.test(Casts.cast(key), Casts.cast(value));
  }

  @Override
  public <VR> KTable<K, VR> mapValues(Function<? super V, ? extends VR> mapper) {
    return new KTableImpl<>(
        graph,
        add(
            "KTABLE-MAPVALUES",
            (task, out) ->
                (key, value, ts) -> {
                  Change change = (Change) value;
                  out.forward(
                      key,
                      new Change(map(mapper, change.oldValue()), map(mapper, change.newValue())),
                      ts);
                }),
        info.mappedView(null));
  }

  private static <V, VR> Object map(Function<? super V, ? extends VR> mapper, Object value) {
    return value == null ? null : mapper.apply(Casts.cast(value));
  }

  @Override
  public KTable<K, V> suppress(Suppressed<? super K> suppressed) {
    if (!info.windowed()) {
      throw new IllegalArgumentException(
          "suppress(untilWindowCloses) needs a windowed table (from windowedBy(...)), but node "
              + node
              + " is not windowed");
    }
    String storeName =
        suppressed.name() != null
            ? suppressed.name()
            : graph.newName("KTABLE-SUPPRESS-STATE-STORE");
    StoreDef buffer = new StoreDef(storeName, null, null);
    graph.addStore(buffer);
    String name = graph.newName("KTABLE-SUPPRESS");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(node),
            SuppressProcessor.factory(buffer, info),
            null,
            false,
            List.of(storeName)));
    return new KTableImpl<>(graph, name, info.view());
  }

  @Override
  public KStream<K, V> toStream() {
    return new KStreamImpl<>(
        graph,
        add(
            "KTABLE-TOSTREAM",
            (task, out) -> (key, value, ts) -> out.forward(key, ((Change) value).newValue(), ts)),
        false);
  }
}
