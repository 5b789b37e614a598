package io.runnel.state;

/**
 * Values per key and fixed time window, kept for a retention period.
 *
 * <p>The store is split into time segments; when stream time (the largest window start put so far)
 * moves past a segment's end plus the retention, the whole segment is dropped. A window whose start
 * is at or before {@code streamTime - retention} is expired: putting it is a no-op and fetches do
 * not return it. Window starts must not be negative.
 *
 * <p>Within one key, results are in ascending window start. Across keys, results are ordered by
 * segment, then by the serialized key bytes; for keys of equal serialized length that is (key,
 * start) order. Every method throws {@link StoreClosedException} once the store is closed.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface WindowStore<K, V> extends StateStore {

  /** Sets the value of {@code key} in the window starting at {@code windowStart}; null deletes. */
  void put(K key, V value, long windowStart);

  /** The value of {@code key} in the window starting at {@code windowStart}, or null. */
  V fetch(K key, long windowStart);

  /**
   * The values of {@code key} for window starts in {@code [timeFrom, timeTo]}, as (window start,
   * value), in ascending window start. Must be closed.
   */
  KeyValueIterator<Long, V> fetch(K key, long timeFrom, long timeTo);

  /**
   * The values of keys in {@code [keyFrom, keyTo]} (null bounds are open) for window starts in
   * {@code [timeFrom, timeTo]}. Must be closed.
   */
  KeyValueIterator<Windowed<K>, V> fetch(K keyFrom, K keyTo, long timeFrom, long timeTo);

  /** Every unexpired window. Must be closed. */
  KeyValueIterator<Windowed<K>, V> all();

  /** The window size in milliseconds, used for {@link Windowed#end()}. */
  long windowSizeMs();

  /** The retention in milliseconds. */
  long retentionMs();
}
