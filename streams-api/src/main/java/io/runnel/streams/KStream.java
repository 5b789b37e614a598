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
   * Runs a user {@link io.runnel.streams.processor.Processor} (one per task, from {@code
   * supplier}) on every record; what it forwards is the returned stream. Its key may have changed,
   * so grouping the result repartitions.
   *
   * @param storeNames stores the processor may get from its context; each must have been added
   *     with {@link StreamsBuilder#addStateStore} before this call
   * @throws IllegalArgumentException naming a store the topology does not have
   */
  <KOut, VOut> KStream<KOut, VOut> process(
      io.runnel.streams.processor.ProcessorSupplier<? super K, ? super V, KOut, VOut> supplier,
      String... storeNames);

  /**
   * Writes every record to {@code topic} (which must exist), in the partition of its serialized
   * key.
   */
  void to(String topic, Produced<K, V> produced);

  /**
   * Writes every record to the topic {@code extractor} chooses for it (the topic must exist,
   * else the application fails naming it), partitioned by murmur2 of the serialized key.
   */
  void to(TopicNameExtractor<? super K, ? super V> extractor, Produced<K, V> produced);

  /**
   * Writes the stream through the repartition topic {@code <application.id>-<name>-repartition}
   * (partitioned by murmur2 of the serialized key; records with a null key are dropped) and reads
   * it back, so each key's records are processed by the task owning that key's partition.
   */
  KStream<K, V> repartition(Repartitioned<K, V> repartitioned);

  /** Splits the stream into named branches; see {@link BranchedKStream}. */
  BranchedKStream<K, V> split();

  /** Groups by the current key (through a repartition topic if the key may have changed). */
  KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped);

  /** Groups by a new key computed from each record, always through a repartition topic. */
  <KR> KGroupedStream<KR, V> groupBy(
      BiFunction<? super K, ? super V, ? extends KR> selector, Grouped<KR, V> grouped);

  /**
   * Joins each record with {@code table}'s current value of its key; records whose key is not in
   * the table produce nothing. Only this stream's records trigger results. If this stream's key may
   * have changed, it goes through a repartition topic first ({@code joined} gives its serdes and
   * name). The table must be held in a store ({@link StreamsBuilder#table} or an aggregation) and
   * its topic co-partitioned with this stream's (checked at start).
   */
  <VT, VR> KStream<K, VR> join(
      KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
      Joined<K, V> joined);

  /** As {@link #join}, but a record whose key is not in the table joins with null. */
  <VT, VR> KStream<K, VR> leftJoin(
      KTable<K, VT> table,
      ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
      Joined<K, V> joined);

  /**
   * Joins each record with the row of {@code table} whose key {@code keySelector} computes from the
   * record; records without such a row (or with a null selected key) produce nothing. The result
   * keeps this stream's key and timestamp. A global table holds every partition of its topic in
   * each instance, so there is no repartitioning and no co-partitioning requirement; the row is
   * the one the instance's global thread has read so far. Records with a null value are skipped.
   */
  <GK, GV, VR> KStream<K, VR> join(
      GlobalKTable<GK, GV> table,
      BiFunction<? super K, ? super V, ? extends GK> keySelector,
      ValueJoiner<? super V, ? super GV, ? extends VR> joiner);

  /**
   * As {@link #join(GlobalKTable, BiFunction, ValueJoiner)}, but a record without a row joins with
   * null.
   */
  <GK, GV, VR> KStream<K, VR> leftJoin(
      GlobalKTable<GK, GV> table,
      BiFunction<? super K, ? super V, ? extends GK> keySelector,
      ValueJoiner<? super V, ? super GV, ? extends VR> joiner);

  /**
   * Joins records of this stream and {@code other} with the same key whose timestamps differ by at
   * most {@code windows}' time difference; each result has the larger timestamp. Both sides are
   * kept in changelogged window stores ({@code joined} gives their serdes and name). Records beyond
   * the grace are dropped and counted in {@code dropped-records-total}. The two inputs must be
   * co-partitioned (checked at start); a side whose key may have changed is repartitioned.
   */
  <VO, VR> KStream<K, VR> join(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined);

  /**
   * As the windowed {@link #join(KStream, ValueJoiner, JoinWindows, StreamJoined)}, and a record of
   * this stream that found no match is emitted joined with null once its window has closed (see
   * {@link JoinWindows}).
   */
  <VO, VR> KStream<K, VR> leftJoin(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined);

  /**
   * As the windowed {@link #join(KStream, ValueJoiner, JoinWindows, StreamJoined)}, and a record of
   * either stream that found no match is emitted joined with null (on the missing side) once its
   * window has closed.
   */
  <VO, VR> KStream<K, VR> outerJoin(
      KStream<K, VO> other,
      ValueJoiner<? super V, ? super VO, ? extends VR> joiner,
      JoinWindows windows,
      StreamJoined<K, V, VO> joined);
}
