package io.runnel.streams;

/**
 * Combines the aggregates of two sessions that a record joined into one. Called on the stream
 * thread of the record's task.
 *
 * @param <K> key type
 * @param <VA> aggregate type
 */
@FunctionalInterface
public interface Merger<K, VA> {

  /** The aggregate of the merged session. */
  VA apply(K key, VA aggregate1, VA aggregate2);
}
