package io.runnel.streams;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A stream grouped by key, ready to aggregate into a {@link KTable}. Records with a null key or
 * value are skipped. The table is kept in a RocksDB store behind the record cache and changelogged;
 * it emits a key's latest aggregate when the cache writes it down (on commit, or on eviction), or
 * on every update with {@code statestore.cache.max.bytes=0}.
 *
 * <p>Not thread-safe: build a topology on one thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface KGroupedStream<K, V> {

  /** The number of records per key. */
  KTable<K, Long> count(Materialized<K, Long> materialized);

  /** The records of each key combined with {@code reducer}, starting from the first value. */
  KTable<K, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized);

  /** The records of each key folded with {@code aggregator}, starting from {@code initializer}. */
  <VA> KTable<K, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator,
      Materialized<K, VA> materialized);

  /** The same grouping cut into fixed-size (tumbling or hopping) time windows. */
  TimeWindowedKStream<K, V> windowedBy(TimeWindows windows);

  /** The same grouping cut into sessions separated by an inactivity gap. */
  SessionWindowedKStream<K, V> windowedBy(SessionWindows windows);

  /**
   * The same grouping cut into sliding windows. The result is a {@link TimeWindowedKStream} whose
   * windowed keys have an inclusive end ({@code start + difference}).
   */
  TimeWindowedKStream<K, V> windowedBy(SlidingWindows windows);
}
