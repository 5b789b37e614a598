package io.runnel.state;

/**
 * Session aggregates per key: each entry is a session {@code [start, end]} of one key and its
 * value. Merging overlapping sessions is the caller's job: find them with {@link #findSessions},
 * {@link #remove} them, {@link #put} the merged session.
 *
 * <p>Sessions are kept in time segments by their end and dropped a segment at a time once stream
 * time (the largest session end put) has passed their end plus the retention; a session ending at
 * or before {@code streamTime - retention} is expired. Results for one key are in ascending session
 * end, then start. Every method throws {@link StoreClosedException} once the store is closed.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface SessionStore<K, V> extends StateStore {

  /** Stores the value of a session; a null value removes the session. */
  void put(Windowed<K> session, V value);

  /** Removes a session (no-op if absent). */
  void remove(Windowed<K> session);

  /** The value of the session of {@code key} exactly {@code [start, end]}, or null. */
  V fetchSession(K key, long start, long end);

  /**
   * The sessions of {@code key} that end at or after {@code earliestSessionEnd} and start at or
   * before {@code latestSessionStart}: the sessions a record at time t overlaps or could merge
   * with, for {@code earliestSessionEnd = t - gap} and {@code latestSessionStart = t + gap}. Must
   * be closed.
   */
  KeyValueIterator<Windowed<K>, V> findSessions(
      K key, long earliestSessionEnd, long latestSessionStart);

  /**
   * Like {@link #findSessions(Object, long, long)} for every key in {@code [keyFrom, keyTo]} (null
   * bounds are open). Must be closed.
   */
  KeyValueIterator<Windowed<K>, V> findSessions(
      K keyFrom, K keyTo, long earliestSessionEnd, long latestSessionStart);

  /** Every unexpired session of {@code key}. Must be closed. */
  KeyValueIterator<Windowed<K>, V> fetch(K key);

  /** The retention in milliseconds. */
  long retentionMs();
}
