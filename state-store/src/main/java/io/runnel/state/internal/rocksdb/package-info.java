/**
 * Implementation, no compatibility promise: RocksDB key-value stores (one instance per store per
 * directory), their options and iterators, and RocksDB segment storage for window and session
 * stores.
 *
 * <p>Invariants: keys are ordered by RocksDB's bytewise comparator (unsigned lexicographic, like
 * {@link io.runnel.state.Bytes}); no native call reaches a closed database (a read-write lock
 * guards close); the write-ahead log is off because the changelog is the store's log.
 *
 * <p>Threading: the owner writes, flushes, restores and closes; reads and iterators may come from
 * other threads.
 */
package io.runnel.state.internal.rocksdb;
