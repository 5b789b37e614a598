/**
 * Implementation, no compatibility promise: the Caffeine write-back record caches in front of
 * key-value stores ({@code CachingKeyValueStore}, with the iterator that merges its dirty entries
 * into a store's) and in front of window and session stores ({@code CachingWindowStore}, {@code
 * CachingSessionStore}, sharing {@code WriteBackBuffer}; their range reads return snapshots).
 *
 * <p>Invariants: a dirty key (or window, or session) reaches the store once per write-down; write-downs happen in the order
 * keys were first dirtied; eviction is synchronous on the writing thread.
 *
 * <p>Threading: single-threaded, owned by the stream thread.
 */
package io.runnel.state.internal.cache;
