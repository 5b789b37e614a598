package io.runnel.state;

/**
 * A key with the time window it belongs to: a fixed window of a {@link WindowStore} or a session of
 * a {@link SessionStore}. Times are epoch milliseconds; both bounds are inclusive for sessions, and
 * {@code end = start + window size} for fixed windows.
 *
 * @param key the key
 * @param start the window start
 * @param end the window end
 * @param <K> key type
 */
public record Windowed<K>(K key, long start, long end) {}
