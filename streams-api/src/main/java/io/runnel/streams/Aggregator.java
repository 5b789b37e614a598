package io.runnel.streams;

/**
 * Folds a record into its key's aggregate. Called on the stream thread; must not keep references to
 * the aggregate it was given.
 *
 * @param <K> key type
 * @param <V> value type
 * @param <VA> aggregate type
 */
@FunctionalInterface
public interface Aggregator<K, V, VA> {
  /** The new aggregate of {@code key} after {@code value}. */
  VA apply(K key, V value, VA aggregate);
}
