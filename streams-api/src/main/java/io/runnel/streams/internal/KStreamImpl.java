package io.runnel.streams.internal;

import io.runnel.state.KeyValue;
import io.runnel.streams.BranchedKStream;
import io.runnel.streams.Consumed;
import io.runnel.streams.GlobalKTable;
import io.runnel.streams.Grouped;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.Joined;
import io.runnel.streams.KGroupedStream;
import io.runnel.streams.KStream;
import io.runnel.streams.KTable;
import io.runnel.streams.Produced;
import io.runnel.streams.Repartitioned;
import io.runnel.streams.StreamJoined;
import io.runnel.streams.TopicNameExtractor;
import io.runnel.streams.ValueJoiner;
import io.runnel.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A {@link KStream} as a node of a {@link TopologyGraph}. {@code keyChanged} records whether an
 * operation upstream may have changed the key, so grouping must repartition.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
public final class KStreamImpl<K, V> implements KStream<K, V> {
  private final TopologyGraph graph;
  private final String node;
  private final boolean keyChanged;

  /** The stream of node {@code node}. */
  public KStreamImpl(TopologyGraph graph, String node, boolean keyChanged) {
    this.graph = graph;
    this.node = node;
    this.keyChanged = keyChanged;
  }

  /** Adds a source node reading {@code topic} as {@code consumed} says. */
  public static <K, V> KStreamImpl<K, V> source(
      TopologyGraph graph, String topic, Consumed<K, V> consumed) {
    String name = graph.newName("KSTREAM-SOURCE");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.SOURCE,
            List.of(),
            SourceProcessor.factory(
                consumed.keySerde(), consumed.valueSerde(), consumed.timestampExtractor()),
            topic,
            false,
            List.of()));
    return new KStreamImpl<>(graph, name, false);
  }

  String node() {
    return node;
  }

  boolean keyChanged() {
    return keyChanged;
  }

  private <KR, VR> KStreamImpl<KR, VR> add(
      String prefix, ProcessorFactory factory, boolean changesKey) {
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(name, NodeDef.Kind.PROCESSOR, List.of(node), factory, null, false, List.of()));
    return new KStreamImpl<>(graph, name, keyChanged || changesKey);
  }

  @Override
  public <KOut, VOut> KStream<KOut, VOut> process(
      ProcessorSupplier<? super K, ? super V, KOut, VOut> supplier, String... storeNames) {
    List<String> names = List.of(storeNames);
    for (String store : names) {
      if (graph.stores().stream().noneMatch(def -> def.name().equals(store))) {
        throw new IllegalArgumentException(
            "state store '"
                + store
                + "' is unknown; add it with StreamsBuilder.addStateStore before process()");
      }
    }
    String name = graph.newName("KSTREAM-PROCESSOR");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(node),
            UserProcessorNode.factory(name, supplier, names),
            null,
            false,
            names));
    return new KStreamImpl<>(graph, name, true);
  }

  @Override
  public KStream<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
    return add(
        "KSTREAM-FILTER",
        (task, out) ->
            (key, value, ts) -> {
              if (predicate.test(Casts.cast(key), Casts.cast(value))) {
                out.forward(key, value, ts);
              }
            },
        false);
  }

  @Override
  public KStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate) {
    return add(
        "KSTREAM-FILTER",
        (task, out) ->
            (key, value, ts) -> {
              if (!predicate.test(Casts.cast(key), Casts.cast(value))) {
                out.forward(key, value, ts);
              }
            },
        false);
  }

  @Override
  public <KR, VR> KStream<KR, VR> map(
      BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper) {
    return add(
        "KSTREAM-MAP",
        (task, out) ->
            (key, value, ts) -> {
              KeyValue<? extends KR, ? extends VR> result =
                  mapper.apply(Casts.cast(key), Casts.cast(value));
              out.forward(result.key(), result.value(), ts);
            },
        true);
  }

  @Override
  public <VR> KStream<K, VR> mapValues(Function<? super V, ? extends VR> mapper) {
    return add(
        "KSTREAM-MAPVALUES",
        (task, out) -> (key, value, ts) -> out.forward(key, mapper.apply(Casts.cast(value)), ts),
        false);
  }

  @Override
  public <KR, VR> KStream<KR, VR> flatMap(
      BiFunction<
              ? super K,
              ? super V,
              ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>>
          mapper) {
    return add(
        "KSTREAM-FLATMAP",
        (task, out) ->
            (key, value, ts) -> {
              for (KeyValue<? extends KR, ? extends VR> kv :
                  mapper.apply(Casts.cast(key), Casts.cast(value))) {
                out.forward(kv.key(), kv.value(), ts);
              }
            },
        true);
  }

  @Override
  public <VR> KStream<K, VR> flatMapValues(
      Function<? super V, ? extends Iterable<? extends VR>> mapper) {
    return add(
        "KSTREAM-FLATMAPVALUES",
        (task, out) ->
            (key, value, ts) -> {
              for (VR v : mapper.apply(Casts.cast(value))) {
                out.forward(key, v, ts);
              }
            },
        false);
  }

  @Override
  public <KR> KStream<KR, V> selectKey(BiFunction<? super K, ? super V, ? extends KR> mapper) {
    return add(
        "KSTREAM-KEY-SELECT",
        (task, out) ->
            (key, value, ts) ->
                out.forward(mapper.apply(Casts.cast(key), Casts.cast(value)), value, ts),
        true);
  }

  @Override
  public KStream<K, V> peek(BiConsumer<? super K, ? super V> action) {
    return add(
        "KSTREAM-PEEK",
        (task, out) ->
            (key, value, ts) -> {
              action.accept(Casts.cast(key), Casts.cast(value));
              out.forward(key, value, ts);
            },
        false);
  }

  @Override
  public void foreach(BiConsumer<? super K, ? super V> action) {
    add(
        "KSTREAM-FOREACH",
        (task, out) -> (key, value, ts) -> action.accept(Casts.cast(key), Casts.cast(value)),
        false);
  }

  @Override
  public KStream<K, V> merge(KStream<K, V> other) {
    if (!(other instanceof KStreamImpl<K, V> that) || that.graph != graph) {
      throw new IllegalArgumentException("can only merge streams of the same StreamsBuilder");
    }
    String name = graph.newName("KSTREAM-MERGE");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(node, that.node),
            (task, out) -> out::forward,
            null,
            false,
            List.of()));
    return new KStreamImpl<>(graph, name, keyChanged || that.keyChanged);
  }

  @Override
  public void to(String topic, Produced<K, V> produced) {
    graph.add(
        new NodeDef(
            graph.newName("KSTREAM-SINK"),
            NodeDef.Kind.SINK,
            List.of(node),
            SinkProcessor.factory(topic, false, produced.keySerde(), produced.valueSerde()),
            topic,
            false,
            List.of()));
  }

  @Override
  public void to(TopicNameExtractor<? super K, ? super V> extractor, Produced<K, V> produced) {
    graph.add(
        new NodeDef(
            graph.newName("KSTREAM-SINK"),
            NodeDef.Kind.SINK,
            List.of(node),
            SinkProcessor.dynamic(extractor, produced.keySerde(), produced.valueSerde()),
            null,
            false,
            List.of()));
  }

  @Override
  public KStream<K, V> repartition(Repartitioned<K, V> repartitioned) {
    String name = repartitioned.name();
    if (name == null) {
      name = graph.newName("KSTREAM-REPARTITION");
    } else if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "repartition name '" + name + "' must match [A-Za-z0-9._-]+");
    }
    String source =
        Repartition.through(
            graph, node, name, repartitioned.keySerde(), repartitioned.valueSerde());
    return new KStreamImpl<>(graph, source, false);
  }

  @Override
  public BranchedKStream<K, V> split() {
    return new BranchedKStreamImpl<>(graph, node, keyChanged);
  }

  @Override
  public <VT, VR> KStream<K, VR> join(
      KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
      Joined<K, V> joined) {
    return joinTable(table, joiner, joined, JoinType.INNER);
  }

  @Override
  public <VT, VR> KStream<K, VR> leftJoin(
      KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
      Joined<K, V> joined) {
    return joinTable(table, joiner, joined, JoinType.LEFT);
  }

  @Override
  public <VO, VR> KStream<K, VR> join(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined) {
    return joinStream(other, joiner, windows, joined, JoinType.INNER);
  }

  @Override
  public <VO, VR> KStream<K, VR> leftJoin(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined) {
    return joinStream(other, joiner, windows, joined, JoinType.LEFT);
  }

  @Override
  public <VO, VR> KStream<K, VR> outerJoin(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined) {
    return joinStream(other, joiner, windows, joined, JoinType.OUTER);
  }

  private <VO, VR> KStream<K, VR> joinStream(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined,
      JoinType type) {
    if (!(other instanceof KStreamImpl<K, VO> that) || that.graph != graph) {
      throw new IllegalArgumentException("can only join streams of the same StreamsBuilder");
    }
    return new KStreamImpl<>(
        graph, StreamStreamJoins.add(graph, this, that, joiner, windows, joined, type), false);
  }

  @Override
  public <GK, GV, VR> KStream<K, VR> join(
      GlobalKTable<GK, GV> table,
      BiFunction<? super K, ? super V, ? extends GK> keySelector,
      ValueJoiner<? super V, ? super GV, ? extends VR> joiner) {
    return joinGlobal(table, keySelector, joiner, JoinType.INNER);
  }

  @Override
  public <GK, GV, VR> KStream<K, VR> leftJoin(
      GlobalKTable<GK, GV> table,
      BiFunction<? super K, ? super V, ? extends GK> keySelector,
      ValueJoiner<? super V, ? super GV, ? extends VR> joiner) {
    return joinGlobal(table, keySelector, joiner, JoinType.LEFT);
  }

  private <GK, GV, VR> KStream<K, VR> joinGlobal(
      GlobalKTable<GK, GV> table,
      BiFunction<? super K, ? super V, ? extends GK> keySelector,
      ValueJoiner<? super V, ? super GV, ? extends VR> joiner,
      JoinType type) {
    GlobalTableDef def = GlobalKTableImpl.of(graph, table);
    String name =
        graph.newName(type == JoinType.LEFT ? "KSTREAM-LEFTJOIN-GLOBAL" : "KSTREAM-JOIN-GLOBAL");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(node),
            StreamGlobalTableJoinProcessor.factory(def, keySelector, joiner, type),
            null,
            false,
            List.of(def.storeName())));
    // The key is kept, so whether it may have changed carries over.
    return new KStreamImpl<>(graph, name, keyChanged);
  }

  private <VT, VR> KStream<K, VR> joinTable(
      KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
      Joined<K, V> joined,
      JoinType type) {
    TableInfo info = KTableImpl.of(graph, table).joinable();
    String input =
        keyChanged
            ? Repartition.through(
                graph,
                node,
                joined.name() != null ? joined.name() : graph.newName("KSTREAM-JOIN"),
                joined.keySerde(),
                joined.valueSerde())
            : node;
    String name = graph.newName(type == JoinType.LEFT ? "KSTREAM-LEFTJOIN" : "KSTREAM-JOIN");
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(input),
            StreamTableJoinProcessor.factory(info, joiner, type),
            null,
            false,
            List.of(info.storeName())));
    return new KStreamImpl<>(graph, name, false);
  }

  @Override
  public KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped) {
    return new KGroupedStreamImpl<>(graph, node, keyChanged, grouped);
  }

  @Override
  public <KR> KGroupedStream<KR, V> groupBy(
      BiFunction<? super K, ? super V, ? extends KR> selector, Grouped<KR, V> grouped) {
    KStreamImpl<KR, V> rekeyed =
        add(
            "KSTREAM-KEY-SELECT",
            (task, out) ->
                (key, value, ts) ->
                    out.forward(selector.apply(Casts.cast(key), Casts.cast(value)), value, ts),
            true);
    return new KGroupedStreamImpl<>(graph, rekeyed.node, true, grouped);
  }
}
