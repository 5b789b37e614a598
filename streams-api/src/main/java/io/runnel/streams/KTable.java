package io.runnel.streams;

import io.runnel.state.KeyValue;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A changelog stream read as a table: each key's latest value. Operations see each key's change
 * (old and new value); a key whose value no longer passes a {@link #filter} is deleted downstream
 * (a null value, a tombstone on a topic).
 *
 * <p>Not thread-safe: build a topology on one thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface KTable<K, V> {

  /** The rows for which {@code predicate} holds. */
  KTable<K, V> filter(BiPredicate<? super K, ? super V> predicate);

  /** Each row's value mapped (null values stay null: deletions). */
  <VR> KTable<K, VR> mapValues(Function<? super V, ? extends VR> mapper);

  /**
   * The same table with updates held back as {@code suppressed} says: for a windowed table (from
   * {@link TimeWindowedKStream}), one final value per window once it closes.
   *
   * @throws IllegalArgumentException if this table is not windowed
   */
  KTable<K, V> suppress(Suppressed<? super K> suppressed);

  /** The table's updates as a stream: the new value of each change, null for a deletion. */
  KStream<K, V> toStream();

  /**
   * Re-groups the table's rows by the key {@code selector} picks, to aggregate with the old values
   * subtracted; see {@link KGroupedTable}.
   */
  <KR, VR> KGroupedTable<KR, VR> groupBy(
      BiFunction<? super K, ? super V, ? extends KeyValue<KR, VR>> selector,
      Grouped<KR, VR> grouped);

  /**
   * The table of keys present in both tables, valued {@code joiner(this, other)}; updated on a
   * change of either side. Both tables must be held in key-value stores ({@link
   * StreamsBuilder#table} or an aggregation without windows) and co-partitioned.
   */
  <VO, VR> KTable<K, VR> join(
      KTable<K, VO> other, ValueJoiner<? super V, ? super VO, ? extends VR> joiner);

  /** As {@link #join}, with every key of this table; {@code other}'s value is null where absent. */
  <VO, VR> KTable<K, VR> leftJoin(
      KTable<K, VO> other, ValueJoiner<? super V, ? super VO, ? extends VR> joiner);

  /** As {@link #join}, with every key of either table; the absent side's value is null. */
  <VO, VR> KTable<K, VR> outerJoin(
      KTable<K, VO> other, ValueJoiner<? super V, ? super VO, ? extends VR> joiner);
}
