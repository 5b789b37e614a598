/**
 * Implementation, no compatibility promise: the in-memory key-value store, typed views over byte
 * stores, and the iterator bookkeeping ({@link io.runnel.state.internal.StoreIterator}, {@link
 * io.runnel.state.internal.OpenIterators}) that lets a store close what it handed out.
 *
 * <p>Threading: as documented per class; in short, the owning stream thread writes and closes,
 * iterators are used by the thread that opened them.
 */
package io.runnel.state.internal;
