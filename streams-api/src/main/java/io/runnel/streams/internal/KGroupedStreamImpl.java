package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.Aggregator;
import io.runnel.streams.Grouped;
import io.runnel.streams.KGroupedStream;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.SessionWindowedKStream;
import io.runnel.streams.SessionWindows;
import io.runnel.streams.SlidingWindows;
import io.runnel.streams.TimeWindowedKStream;
import io.runnel.streams.TimeWindows;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A {@link KGroupedStream}: on aggregation, inserts the repartition sink and source if the key may
 * have changed, then the aggregate node and its store.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
final class KGroupedStreamImpl<K, V> implements KGroupedStream<K, V> {
  private final TopologyGraph graph;
  private final String node;
  private final boolean repartition;
  private final Grouped<K, V> grouped;

  KGroupedStreamImpl(TopologyGraph graph, String node, boolean repartition, Grouped<K, V> grouped) {
    this.graph = graph;
    this.node = node;
    this.repartition = repartition;
    this.grouped = grouped;
  }

  @Override
  public KTable<K, Long> count(Materialized<K, Long> materialized) {
    return aggregate(
        "KSTREAM-COUNT", (key, value, agg) -> agg == null ? 1L : (Long) agg + 1, materialized);
  }

  @Override
  public KTable<K, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized) {
    return aggregate(
        "KSTREAM-REDUCE",
        (key, value, agg) ->
            agg == null ? value : reducer.apply(Casts.cast(agg), Casts.cast(value)),
        materialized);
  }

  @Override
  public <VA> KTable<K, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator,
      Materialized<K, VA> materialized) {
    return aggregate(
        "KSTREAM-AGGREGATE",
        (key, value, agg) ->
            aggregator.apply(
                Casts.cast(key),
                Casts.cast(value),
                agg == null ? initializer.get() : Casts.cast(agg)),
        materialized);
  }

  private <VA> KTable<K, VA> aggregate(
      String prefix, Aggregation aggregation, Materialized<K, VA> materialized) {
    String storeName =
        materialized.storeName() != null
            ? materialized.storeName()
            : graph.newName(prefix + "-STATE-STORE");
    String parent = input(storeName);
    StoreDef store = new StoreDef(storeName, keySerde(materialized), materialized.valueSerde());
    graph.addStore(store);
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(parent),
            AggregateProcessor.factory(store, aggregation),
            null,
            false,
            List.of(storeName)));
    return new KTableImpl<>(
        graph, name, new TableInfo(storeName, store.keySerde(), store.valueSerde(), -1));
  }

  @Override
  public TimeWindowedKStream<K, V> windowedBy(TimeWindows windows) {
    return new TimeWindowedKStreamImpl<>(graph, this, windows);
  }

  @Override
  public TimeWindowedKStream<K, V> windowedBy(SlidingWindows windows) {
    return new TimeWindowedKStreamImpl<>(graph, this, windows);
  }

  /** The grouping's value serde, or null for the default. */
  Serde<?> valueSerde() {
    return grouped.valueSerde();
  }

  @Override
  public SessionWindowedKStream<K, V> windowedBy(SessionWindows windows) {
    return new SessionWindowedKStreamImpl<>(graph, this, windows);
  }

  /** The key serde of a store: the materialized one, else the grouping's (null for the default). */
  Serde<?> keySerde(Materialized<K, ?> materialized) {
    return materialized.keySerde() != null ? materialized.keySerde() : grouped.keySerde();
  }

  /**
   * The node an aggregation into {@code storeName} reads: the grouped stream itself, or a
   * repartition source (topic named after the grouping or else the store) if the key may have
   * changed.
   */
  String input(String storeName) {
    return repartition ? repartitionThrough(storeName) : node;
  }

  private String repartitionThrough(String storeName) {
    return Repartition.through(
        graph,
        node,
        grouped.name() != null ? grouped.name() : storeName,
        grouped.keySerde(),
        grouped.valueSerde());
  }
}
