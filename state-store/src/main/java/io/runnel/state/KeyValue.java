package io.runnel.state;

/**
 * A key and its value, as returned by store iterators. A null value means "no value" (a deletion)
 * where the producing API says so.
 *
 * @param key the key
 * @param value the value
 * @param <K> key type
 * @param <V> value type
 */
public record KeyValue<K, V>(K key, V value) {
  /** Shorthand for {@code new KeyValue<>(key, value)}. */
  public static <K, V> KeyValue<K, V> pair(K key, V value) {
    return new KeyValue<>(key, value);
  }
}
