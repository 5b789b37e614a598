/**
 * The state layer's public API: key-value, window and session stores ({@link
 * io.runnel.state.KeyValueStore}, {@link io.runnel.state.WindowStore}, {@link
 * io.runnel.state.SessionStore}), their iterators, {@link io.runnel.state.Bytes} keys, the {@link
 * io.runnel.state.Stores} factory and the {@link io.runnel.state.StateConfig} keys.
 *
 * <p>Invariants: every implementation orders keys by their bytes, unsigned and lexicographic, so
 * RocksDB and in-memory stores iterate identically; range bounds are inclusive; a null value is a
 * deletion; iterators must be closed, and closing a store closes them. Errors are unchecked {@link
 * io.runnel.state.StateStoreException}s naming the store and its directory.
 *
 * <p>Threading: a store belongs to the stream thread of its task, which writes, flushes and closes
 * it; each implementation documents which reads other threads may make. This package depends only
 * on itself, the JDK and its libraries (RocksDB, Caffeine, Kryo, Jackson, SLF4J): never on
 * streams-api or log-server.
 */
package io.runnel.state;
