package io.runnel.streams;

import io.runnel.state.KeyValue;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * An unbounded stream of key-value records, as in Kafka Streams. Each operation adds a node to the
 * builder's topology and returns the resulting stream; nothing runs until the topology is started.
 *
 * <p>Operations that may change the key ({@link #map}, {@link #flatMap}, {@link #selectKey}) mark
 * the stream: a following grouping goes through a repartition topic, so each key is aggregated by
 * exactly one task. User functions run on the stream thread of the record's task.
 *
 * <p>Not thread-safe: build a topology on one thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface KStream<K, V> {

  /** The records for which {@code predicate} holds. */
  KStream<K, V> filter(BiPredicate<? super K, ? super V> predicate);

  /** The records for which {@code predicate} does not hold. */
  KStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate);

  /** Each record mapped to a new key and value (marks the stream for repartitioning). */
  <KR, VR> KStream<KR, VR> map(
      BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper);

  /** Each value mapped, the key kept. */
  <VR> KStream<K, VR> mapValues(Function<? super V, ? extends VR> mapper);

  /** Each record mapped to zero or more records (marks the stream for repartitioning). */
  <KR, VR> KStream<KR, VR> flatMap(
      BiFunction<
              ? super K,
              ? super V,
              ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>>
          mapper);

  /** Each value mapped to zero or more values, each with the record's key. */
  <VR> KStream<K, VR> flatMapValues(Function<? super V, ? extends Iterable<? extends VR>> mapper);

  /** Each record with a new key computed from it (marks the stream for repartitioning). */
  <KR> KStream<KR, V> selectKey(BiFunction<? super K, ? super V, ? extends KR> mapper);

  /** The same stream; {@code action} sees each record on the way. */
  KStream<K, V> peek(BiConsumer<? super K, ? super V> action);

  /** A terminal operation: {@code action} sees each record. */
  void foreach(BiConsumer<? super K, ? super V> action);

  /** The records of this stream and {@code other}, interleaved as they are processed. */
  KStream<K, V> merge(KStream<K, V> other);

  /**
   * Writes every record to {@code topic} (which must exist), in the partition of its serialized
   * key.
   */
  void to(String topic, Produced<K, V> produced);

  /** Groups by the current key (through a repartition topic if the key may have changed). */
  KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped);

  /** Groups by a new key computed from each record, always through a repartition topic. */
  <KR> KGroupedStream<KR, V> groupBy(
      BiFunction<? super K, ? super V, ? extends KR> selector, Grouped<KR, V> grouped);
}
