package io.runnel.streams.processor;

/**
 * A record passed to and forwarded by a {@link Processor}: key, value and timestamp (epoch
 * milliseconds). Immutable; the {@code with...} methods return copies.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Record<K, V> {
  private final K key;
  private final V value;
  private final long timestamp;

  /**
   * A record.
   *
   * @throws IllegalArgumentException if {@code timestamp} is negative
   */
  public Record(K key, V value, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException(
          "record timestamp " + timestamp + " must be epoch milliseconds >= 0");
    }
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
  }

  /** The key (may be null). */
  public K key() {
    return key;
  }

  /** The value (may be null). */
  public V value() {
    return value;
  }

  /** The timestamp, epoch milliseconds. */
  public long timestamp() {
    return timestamp;
  }

  /** This record with another key. */
  public <NK> Record<NK, V> withKey(NK newKey) {
    return new Record<>(newKey, value, timestamp);
  }

  /** This record with another value. */
  public <NV> Record<K, NV> withValue(NV newValue) {
    return new Record<>(key, newValue, timestamp);
  }

  /** This record with another timestamp. */
  public Record<K, V> withTimestamp(long newTimestamp) {
    return new Record<>(key, value, newTimestamp);
  }

  @Override
  public String toString() {
    return "Record(" + key + ", " + value + ", " + timestamp + ")";
  }
}
