package io.runnel.streams.query;

import io.runnel.state.KeyValue;
import java.time.Instant;
import java.util.List;

/**
 * A read-only view of a window store across every task of this instance.
 *
 * <p>Thread-safe. Every method throws {@link InvalidStateStoreException} (retriable) while the
 * application is not {@code RUNNING}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ReadOnlyWindowStore<K, V> {
  /**
   * The windows of {@code key} starting from {@code from} to {@code to} (both inclusive), as
   * (window start in epoch milliseconds, value), by window start.
   */
  List<KeyValue<Long, V>> fetch(K key, Instant from, Instant to);
}
