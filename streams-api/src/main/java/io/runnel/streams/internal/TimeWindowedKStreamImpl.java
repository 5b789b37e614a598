package io.runnel.streams.internal;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.Aggregator;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.SlidingWindows;
import io.runnel.streams.TimeWindowedKStream;
import io.runnel.streams.TimeWindows;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A {@link TimeWindowedKStream} over {@link TimeWindows} or {@link SlidingWindows}: on aggregation,
 * inserts the repartition topic if the key may have changed, then the window aggregate node and its
 * window store (for sliding windows also a window store of the records, {@code <store>-records}).
 *
 * <p>Not thread-safe: used while building on one thread.
 */
final class TimeWindowedKStreamImpl<K, V> implements TimeWindowedKStream<K, V> {
  /** Kafka Streams' default retention of window stores: one day, or size + grace if longer. */
  private static final long MIN_RETENTION_MS = 24 * 60 * 60 * 1000L;

  private final TopologyGraph graph;
  private final KGroupedStreamImpl<K, V> grouped;
  private final TimeWindows windows;
  private final SlidingWindows sliding;

  TimeWindowedKStreamImpl(
      TopologyGraph graph, KGroupedStreamImpl<K, V> grouped, TimeWindows windows) {
    this.graph = graph;
    this.grouped = grouped;
    this.windows = windows;
    this.sliding = null;
  }

  TimeWindowedKStreamImpl(
      TopologyGraph graph, KGroupedStreamImpl<K, V> grouped, SlidingWindows sliding) {
    this.graph = graph;
    this.grouped = grouped;
    this.windows = null;
    this.sliding = sliding;
  }

  @Override
  public KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
    return aggregate(
        "KSTREAM-WINDOWED-COUNT",
        (key, value, agg) -> agg == null ? 1L : (Long) agg + 1,
        materialized);
  }

  @Override
  public KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized) {
    return aggregate(
        "KSTREAM-WINDOWED-REDUCE",
        (key, value, agg) ->
            agg == null ? value : reducer.apply(Casts.cast(agg), Casts.cast(value)),
        materialized);
  }

  @Override
  public <VA> KTable<Windowed<K>, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator,
      Materialized<K, VA> materialized) {
    return aggregate(
        "KSTREAM-WINDOWED-AGGREGATE",
        (key, value, agg) ->
            aggregator.apply(
                Casts.cast(key),
                Casts.cast(value),
                agg == null ? initializer.get() : Casts.cast(agg)),
        materialized);
  }

  private <VA> KTable<Windowed<K>, VA> aggregate(
      String prefix, Aggregation aggregation, Materialized<K, VA> materialized) {
    String storeName =
        materialized.storeName() != null
            ? materialized.storeName()
            : graph.newName(prefix + "-STATE-STORE");
    String parent = grouped.input(storeName);
    if (sliding != null) {
      return slidingAggregate(prefix, aggregation, materialized, storeName, parent);
    }
    long retentionMs = Math.max(MIN_RETENTION_MS, windows.sizeMs() + windows.graceMs());
    StoreDef store =
        StoreDef.window(
                storeName,
                grouped.keySerde(materialized),
                materialized.valueSerde(),
                windows.sizeMs(),
                retentionMs)
            .withCache();
    graph.addStore(store);
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(parent),
            WindowAggregateProcessor.factory(store, windows, aggregation),
            null,
            false,
            List.of(storeName)));
    return new KTableImpl<>(
        graph,
        name,
        new TableInfo(storeName, store.keySerde(), store.valueSerde(), windows.graceMs()));
  }

  private <VA> KTable<Windowed<K>, VA> slidingAggregate(
      String prefix,
      Aggregation aggregation,
      Materialized<K, VA> materialized,
      String storeName,
      String parent) {
    long retentionMs =
        Math.max(MIN_RETENTION_MS, 2 * sliding.differenceMs() + sliding.graceMs() + 1);
    Serde<?> keySerde = grouped.keySerde(materialized);
    // Window size = difference, so Windowed.end() = start + difference: the inclusive end.
    StoreDef windowStore =
        StoreDef.window(
                storeName, keySerde, materialized.valueSerde(), sliding.differenceMs(), retentionMs)
            .withCache();
    StoreDef recordStore =
        StoreDef.window(storeName + "-records", keySerde, grouped.valueSerde(), 1, retentionMs);
    graph.addStore(windowStore);
    graph.addStore(recordStore);
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(parent),
            SlidingWindowAggregateProcessor.factory(windowStore, recordStore, sliding, aggregation),
            null,
            false,
            List.of(storeName, recordStore.name())));
    // A window [start, end] closes once stream time > end + grace, i.e. at end + grace + 1: the
    // grace suppress (which closes windows at end + grace) must use.
    return new KTableImpl<>(
        graph,
        name,
        new TableInfo(storeName, keySerde, materialized.valueSerde(), sliding.graceMs() + 1));
  }
}
