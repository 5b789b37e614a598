package io.runnel.streams;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A table re-grouped by a new key ({@link KTable#groupBy}), to aggregate. Every change of the
 * source table goes through the repartition topic {@code <application.id>-<name>-repartition}
 * (the grouping's name, else the store's) as up to two records: the old row's value under its old
 * grouping key, to subtract, then the new row's value under its new grouping key, to add. So an
 * update that moves a row from one group to another leaves both aggregates right. Rows whose
 * selected key or value is null are not aggregated.
 *
 * <p>Not thread-safe: used while building on one thread.
 *
 * @param <K> grouping key type
 * @param <V> value type
 */
public interface KGroupedTable<K, V> {

  /** The number of rows per grouping key (0 once every row has left a group). */
  KTable<K, Long> count(Materialized<K, Long> materialized);

  /**
   * Reduces each group's rows: {@code adder(aggregate, value)} when a row joins the group (the
   * first row is the aggregate), {@code subtractor(aggregate, value)} when it leaves.
   */
  KTable<K, V> reduce(
      BinaryOperator<V> adder, BinaryOperator<V> subtractor, Materialized<K, V> materialized);

  /**
   * Aggregates each group's rows, starting from {@code initializer}: {@code adder} when a row
   * joins the group, {@code subtractor} when it leaves.
   */
  <VA> KTable<K, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> adder,
      Aggregator<? super K, ? super V, VA> subtractor,
      Materialized<K, VA> materialized);
}
