package io.runnel.streams.internal;

import io.runnel.state.Windowed;
import io.runnel.streams.Aggregator;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.Merger;
import io.runnel.streams.SessionWindowedKStream;
import io.runnel.streams.SessionWindows;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A {@link SessionWindowedKStream}: on aggregation, inserts the repartition topic if the key may
 * have changed, then the session aggregate node and its session store.
 *
 * <p>Not thread-safe: used while building on one thread.
 */
final class SessionWindowedKStreamImpl<K, V> implements SessionWindowedKStream<K, V> {
  /** Kafka Streams' default retention of session stores: one day, or gap + grace if longer. */
  private static final long MIN_RETENTION_MS = 24 * 60 * 60 * 1000L;

  private final TopologyGraph graph;
  private final KGroupedStreamImpl<K, V> grouped;
  private final SessionWindows windows;

  SessionWindowedKStreamImpl(
      TopologyGraph graph, KGroupedStreamImpl<K, V> grouped, SessionWindows windows) {
    this.graph = graph;
    this.grouped = grouped;
    this.windows = windows;
  }

  @Override
  public KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
    return aggregate(
        "KSTREAM-SESSION-COUNT",
        (key, value, agg) -> agg == null ? 1L : (Long) agg + 1,
        (key, a, b) -> (Long) a + (Long) b,
        materialized);
  }

  @Override
  public KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized) {
    return aggregate(
        "KSTREAM-SESSION-REDUCE",
        (key, value, agg) ->
            agg == null ? value : reducer.apply(Casts.cast(agg), Casts.cast(value)),
        (key, a, b) -> reducer.apply(Casts.cast(a), Casts.cast(b)),
        materialized);
  }

  @Override
  public <VA> KTable<Windowed<K>, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator,
      Merger<? super K, VA> merger,
      Materialized<K, VA> materialized) {
    return aggregate(
        "KSTREAM-SESSION-AGGREGATE",
        (key, value, agg) ->
            aggregator.apply(
                Casts.cast(key),
                Casts.cast(value),
                agg == null ? initializer.get() : Casts.cast(agg)),
        (key, a, b) -> merger.apply(Casts.cast(key), Casts.cast(a), Casts.cast(b)),
        materialized);
  }

  private <VA> KTable<Windowed<K>, VA> aggregate(
      String prefix,
      Aggregation aggregation,
      SessionAggregateProcessor.SessionMerge merge,
      Materialized<K, VA> materialized) {
    String storeName =
        materialized.storeName() != null
            ? materialized.storeName()
            : graph.newName(prefix + "-STATE-STORE");
    String parent = grouped.input(storeName);
    StoreDef store =
        StoreDef.session(
                storeName,
                grouped.keySerde(materialized),
                materialized.valueSerde(),
                Math.max(MIN_RETENTION_MS, windows.gapMs() + windows.graceMs()))
            .withCache();
    graph.addStore(store);
    String name = graph.newName(prefix);
    graph.add(
        new NodeDef(
            name,
            NodeDef.Kind.PROCESSOR,
            List.of(parent),
            SessionAggregateProcessor.factory(store, windows, aggregation, merge),
            null,
            false,
            List.of(storeName)));
    // A session [start, end] closes once stream time > end + gap + grace, i.e. at end + gap +
    // grace + 1: that is the grace suppress (which closes windows at end + grace) must use.
    long suppressGraceMs = windows.gapMs() + windows.graceMs() + 1;
    return new KTableImpl<>(
        graph,
        name,
        new TableInfo(storeName, store.keySerde(), store.valueSerde(), suppressGraceMs));
  }
}
