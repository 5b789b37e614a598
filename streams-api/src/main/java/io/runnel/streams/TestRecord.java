package io.runnel.streams;

/**
 * A record read by a {@link TestOutputTopic}.
 *
 * @param key the key
 * @param value the value (null for a tombstone)
 * @param timestamp epoch milliseconds
 * @param partition the partition it was written to
 */
public record TestRecord<K, V>(K key, V value, long timestamp, int partition) {}
