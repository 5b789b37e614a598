/**
 * RocksDB tuning for every store of a process: the shared {@link
 * io.runnel.state.rocksdb.RocksDBResources} (block cache and write buffer manager, so memory stays
 * bounded however many stores are open) and the {@link io.runnel.state.rocksdb.RocksDBConfigSetter}
 * hook.
 *
 * <p>Invariants: resources outlive every store opened with them; a config setter keeps the shared
 * cache in place.
 *
 * <p>Threading: resources are thread-safe; a config setter may be called for different stores on
 * different threads at once.
 */
package io.runnel.state.rocksdb;
