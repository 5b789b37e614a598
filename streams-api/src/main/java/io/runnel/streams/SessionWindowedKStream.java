package io.runnel.streams;

import io.runnel.state.Windowed;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A grouped stream cut into {@link SessionWindows}, ready to aggregate per key and session into a
 * {@code KTable<Windowed<K>, V>} whose keys are sessions {@code [start, end]}. The table lives in a
 * RocksDB session store (kept for {@code max(gap + grace, 1 day)} of stream time), changelogged to
 * {@code <application.id>-<store>-changelog}. When a record merges sessions, the table deletes each
 * merged session (a null value downstream) and emits the new one; every update is emitted (session
 * stores have no record cache). {@link KTable#suppress} gives one final result per session once it
 * closes.
 *
 * <p>Not thread-safe: build a topology on one thread.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface SessionWindowedKStream<K, V> {

  /** The number of records per key and session. */
  KTable<Windowed<K>, Long> count(Materialized<K, Long> materialized);

  /** The records of each session combined with {@code reducer} (which also merges sessions). */
  KTable<Windowed<K>, V> reduce(BinaryOperator<V> reducer, Materialized<K, V> materialized);

  /**
   * The records of each session folded with {@code aggregator} from {@code initializer}; {@code
   * merger} combines the aggregates of sessions that a record joins.
   */
  <VA> KTable<Windowed<K>, VA> aggregate(
      Supplier<VA> initializer,
      Aggregator<? super K, ? super V, VA> aggregator,
      Merger<? super K, VA> merger,
      Materialized<K, VA> materialized);
}
