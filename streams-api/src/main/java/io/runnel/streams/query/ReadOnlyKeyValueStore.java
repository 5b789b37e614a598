package io.runnel.streams.query;

import io.runnel.state.KeyValue;
import java.util.List;

/**
 * A read-only view of a key-value store across every task of this instance. Results are read
 * through the record cache, so they include updates not yet written down; entries come back as
 * lists (copied under the stream threads' query locks), ordered by serialized key bytes as the
 * stores are.
 *
 * <p>Thread-safe. Every method throws {@link InvalidStateStoreException} (retriable) while the
 * application is not {@code RUNNING}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ReadOnlyKeyValueStore<K, V> {
  /** The value of {@code key} in this instance's tasks, or null if none holds it. */
  V get(K key);

  /** Entries with {@code from <= key <= to} (null bounds are open), by serialized key. */
  List<KeyValue<K, V>> range(K from, K to);

  /** Every entry of this instance's tasks, by serialized key. */
  List<KeyValue<K, V>> all();

  /** The stores' estimates of their entry counts, summed over this instance's tasks. */
  long approximateNumEntries();
}
