package io.runnel.streams;

import io.runnel.state.Windowed;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A grouped stream cut into {@link TimeWindows}, ready to aggregate per key and window into a
 * {@code KTable<Windowed<K>, V>}. The table lives in a RocksDB window store (time segments, kept
 * for {@code max(size + grace, 1 day)} of stream time), changelogged to {@code
 * <application.id>-<store>-changelog}. It emits every update of a window (window stores have no
 * record cache); use {@link KTable#suppress} for one final result per window.
 *
 * <p>Records with a null key or value are skipped; records whose windows have all closed (window
 * end + grace at or before the task's stream time) are dropped and counted in {@code
 * dropped-records-total}.
 *
 * <p>Not thread-safe: build a topology on one thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface TimeWindowedKStream<K, V> {

  /** The number of records per key and window. */
  KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized);

  /** The records of each key and window combined with {@code reducer}. */
  KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized);

  /** The records of each key and window folded with {@code aggregator} from {@code initializer}. */
  <VA> KTable<Windowed<K>, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator,
      Materialized<K, VA> materialized);
}
