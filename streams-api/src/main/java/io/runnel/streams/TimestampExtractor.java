package io.runnel.streams;

/**
 * Gives each record its event time, set with {@link Consumed#withTimestampExtractor}. The result
 * becomes the record's timestamp downstream: it drives windows and the task's stream time, and is
 * the timestamp of what the topology writes.
 *
 * <p>Called on the stream thread of the record's task; must be quick and side-effect free.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface TimestampExtractor<K, V> {

  /**
   * The record's event time in epoch milliseconds; must not be negative.
   *
   * @param key the deserialized key (may be null)
   * @param value the deserialized value (may be null)
   * @param recordTimestamp the timestamp the record has in the log
   */
  long extract(K key, V value, long recordTimestamp);
}
