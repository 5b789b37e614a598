package io.runnel.streams.internal;

import io.runnel.streams.Aggregator;
import io.runnel.streams.Grouped;
import io.runnel.streams.KGroupedStream;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
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
    String parent = repartition ? repartitionThrough(storeName) : node;
    StoreDef store =
        new StoreDef(
            storeName,
            materialized.keySerde() != null ? materialized.keySerde() : grouped.keySerde(),
            materialized.valueSerde());
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
    return new KTableImpl<>(graph, name);
  }

  private String repartitionThrough(String storeName) {
    String topic = (grouped.name() != null ? grouped.name() : storeName) + "-repartition";
    graph.add(
        new NodeDef(
            graph.newName("KSTREAM-REPARTITION-SINK"),
            NodeDef.Kind.SINK,
            List.of(node),
            SinkProcessor.factory(topic, true, grouped.keySerde(), grouped.valueSerde()),
            topic,
            true,
            List.of()));
    String source = graph.newName("KSTREAM-REPARTITION-SOURCE");
    graph.add(
        new NodeDef(
            source,
            NodeDef.Kind.SOURCE,
            List.of(),
            SourceProcessor.factory(grouped.keySerde(), grouped.valueSerde()),
            topic,
            true,
            List.of()));
    return source;
  }
}
