package io.runnel.streams.internal;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.streams.Aggregator;
import io.runnel.streams.Grouped;
import io.runnel.streams.KGroupedTable;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A {@link KGroupedTable}: on aggregation, adds a node turning each table change into {@link
 * TableDelta}s under their grouping keys, the repartition sink and source for them, and the
 * aggregate node with its store.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
final class KGroupedTableImpl<K, V> implements KGroupedTable<K, V> {
  private final TopologyGraph graph;
  private final String tableNode;
  private final BiFunction<Object, Object, KeyValue<?, ?>> selector;
  private final Grouped<K, V> grouped;

  KGroupedTableImpl(
      TopologyGraph graph,
      String tableNode,
      BiFunction<Object, Object, KeyValue<?, ?>> selector,
      Grouped<K, V> grouped) {
    this.graph = graph;
    this.tableNode = tableNode;
    this.selector = selector;
    this.grouped = grouped;
  }

  @Override
  public KTable<K, Long> count(Materialized<K, Long> materialized) {
    return aggregate(
        "KTABLE-COUNT",
        (key, delta, agg) -> {
          long count = agg == null ? 0L : (Long) agg;
          return delta.subtract() ? count - 1 : count + 1;
        },
        materialized);
  }

  @Override
  public KTable<K, V> reduce(
      BinaryOperator<V> adder, BinaryOperator<V> subtractor, Materialized<K, V> materialized) {
    return aggregate(
        "KTABLE-REDUCE",
        (key, delta, agg) -> {
          if (agg == null) {
            // nothing to subtract from: a row leaving a group that has no aggregate
            return delta.subtract() ? null : delta.value();
          }
          V value = Casts.cast(delta.value());
          return delta.subtract()
              ? subtractor.apply(Casts.cast(agg), value)
              : adder.apply(Casts.cast(agg), value);
        },
        materialized);
  }

  @Override
  public <VA> KTable<K, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> adder,
      Aggregator<? super K, ? super V, VA> subtractor,
      Materialized<K, VA> materialized) {
    return aggregate(
        "KTABLE-AGGREGATE",
        (key, delta, agg) -> {
          VA current = agg == null ? initializer.get() : Casts.cast(agg);
          K k = Casts.cast(key);
          V value = Casts.cast(delta.value());
          return delta.subtract()
              ? subtractor.apply(k, value, current)
              : adder.apply(k, value, current);
        },
        materialized);
  }

  /** Folds one delta into a group's aggregate (null if the group has none). */
  @FunctionalInterface
  private interface DeltaAggregation {
    Object apply(Object key, TableDelta delta, Object aggregate);
  }

  private <VA> KTable<K, VA> aggregate(
      String prefix, DeltaAggregation aggregation, Materialized<K, VA> materialized) {
    String storeName =
        materialized.storeName() != null
            ? materialized.storeName()
            : graph.newName(prefix + "-STATE-STORE");
    String select = graph.newName("KTABLE-SELECT");
    graph.add(
        new NodeDef(
            select,
            NodeDef.Kind.PROCESSOR,
            List.of(tableNode),
            (task, out) -> (key, value, ts) -> forwardDeltas(key, (Change) value, ts, out),
            null,
            false,
            List.of()));
    String source = repartition(select, grouped.name() != null ? grouped.name() : storeName);
    Serde<?> keySerde =
        materialized.keySerde() != null ? materialized.keySerde() : grouped.keySerde();
    StoreDef store = new StoreDef(storeName, keySerde, materialized.valueSerde());
    graph.addStore(store);
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(source),
            AggregateProcessor.factory(
                store, (key, value, agg) -> aggregation.apply(key, (TableDelta) value, agg)),
            null,
            false,
            List.of(storeName)));
    return new KTableImpl<>(
        graph, name, new TableInfo(storeName, store.keySerde(), store.valueSerde(), -1));
  }

  /** The old row leaves its group first, then the new row joins its group. */
  private void forwardDeltas(Object key, Change change, long timestamp, Downstream out) {
    if (change.oldValue() != null) {
      KeyValue<?, ?> old = selector.apply(key, change.oldValue());
      if (old.key() != null && old.value() != null) {
        out.forward(old.key(), new TableDelta(true, old.value()), timestamp);
      }
    }
    if (change.newValue() != null) {
      KeyValue<?, ?> now = selector.apply(key, change.newValue());
      if (now.key() != null && now.value() != null) {
        out.forward(now.key(), new TableDelta(false, now.value()), timestamp);
      }
    }
  }

  /** Adds the repartition sink and source of the deltas; returns the source node. */
  private String repartition(String parent, String name) {
    String topic = name + "-repartition";
    Serde<?> keySerde = grouped.keySerde();
    Serde<?> valueSerde = grouped.valueSerde();
    graph.add(
        new NodeDef(
            graph.newName("KTABLE-REPARTITION-SINK"),
            NodeDef.Kind.SINK,
            List.of(parent),
            (task, out) ->
                SinkProcessor.factory(
                        topic, true, keySerde, TableDelta.serde(task.valueSerde(valueSerde)))
                    .create(task, out),
            topic,
            true,
            List.of()));
    String source = graph.newName("KTABLE-REPARTITION-SOURCE");
    graph.add(
        new NodeDef(
            source,
            NodeDef.Kind.SOURCE,
            List.of(),
            (task, out) ->
                SourceProcessor.factory(keySerde, TableDelta.serde(task.valueSerde(valueSerde)))
                    .create(task, out),
            topic,
            true,
            List.of()));
    return source;
  }
}
