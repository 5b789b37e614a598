/**
 * Implementation, no compatibility promise: the Caffeine write-back record cache and the iterator
 * that merges its dirty entries into a store's.
 *
 * <p>Invariants: a dirty key reaches the store once per write-down; write-downs happen in the order
 * keys were first dirtied; eviction is synchronous on the writing thread.
 *
 * <p>Threading: single-threaded, owned by the stream thread.
 */
package io.runnel.state.internal.cache;
