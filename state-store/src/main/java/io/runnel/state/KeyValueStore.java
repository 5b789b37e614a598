package io.runnel.state;

import io.runnel.state.serde.Serde;
import java.util.List;

/**
 * A sorted key-value store. Keys are ordered by their serialized bytes, compared unsigned and
 * lexicographically ({@link Bytes#compareTo}), in every implementation.
 *
 * <p>Range bounds are inclusive; a null bound is open. A range whose lower bound is above its upper
 * bound is empty. A null value is never stored: {@code put(key, null)} deletes the key. Every
 * method throws {@link StoreClosedException} once the store is closed.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface KeyValueStore<K, V> extends StateStore {

  /** The value for {@code key}, or null if there is none. */
  V get(K key);

  /** Sets the value of {@code key}; a null value deletes the key. */
  void put(K key, V value);

  /**
   * Sets the value of {@code key} only if it has none.
   *
   * @return the existing value, or null if {@code value} was stored
   */
  V putIfAbsent(K key, V value);

  /** Puts every entry, in list order (a later entry for the same key wins). */
  void putAll(List<KeyValue<K, V>> entries);

  /**
   * Deletes {@code key}.
   *
   * @return the value it had, or null if there was none
   */
  V delete(K key);

  /** Entries with {@code from <= key <= to}, in ascending key order. Must be closed. */
  KeyValueIterator<K, V> range(K from, K to);

  /** Entries with {@code from <= key <= to}, in descending key order. Must be closed. */
  KeyValueIterator<K, V> reverseRange(K from, K to);

  /** Every entry in ascending key order. Must be closed. */
  KeyValueIterator<K, V> all();

  /** Every entry in descending key order. Must be closed. */
  KeyValueIterator<K, V> reverseAll();

  /**
   * Entries whose serialized key starts with the serialized {@code prefix}, in ascending order.
   * Must be closed.
   *
   * @param prefix the prefix, serialized with {@code prefixSerde}
   * @param prefixSerde how to serialize the prefix
   */
  <P> KeyValueIterator<K, V> prefixScan(P prefix, Serde<P> prefixSerde);

  /** An estimate of the number of entries (RocksDB's estimate; exact for in-memory stores). */
  long approximateNumEntries();
}
