package io.runnel.streams.internal;

/** How an aggregate processor folds a record into a key's aggregate. Stateless. */
@FunctionalInterface
public interface Aggregation {

  /**
   * The new aggregate.
   *
   * @param aggregate the key's current aggregate, or null if the key has none yet
   */
  Object apply(Object key, Object value, Object aggregate);
}
