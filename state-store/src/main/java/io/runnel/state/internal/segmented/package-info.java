/**
 * Implementation, no compatibility promise: window and session stores split into time segments,
 * each a byte key-value store (RocksDB or in memory), with their composite key layouts ({@link
 * io.runnel.state.internal.segmented.WindowKeys}, {@link
 * io.runnel.state.internal.segmented.SessionKeys}).
 *
 * <p>Invariants: stream time only grows; a segment is dropped whole once it is entirely older than
 * stream time minus the retention; reads never return expired entries.
 *
 * <p>Threading: single-threaded, owned by the stream thread.
 */
package io.runnel.state.internal.segmented;
