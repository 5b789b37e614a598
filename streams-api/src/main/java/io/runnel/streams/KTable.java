package io.runnel.streams;

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

  /** The table's updates as a stream: the new value of each change, null for a deletion. */
  KStream<K, V> toStream();
}
