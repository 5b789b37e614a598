/**
 * The runtime behind the DSL; no compatibility promise. {@link
 * io.runnel.streams.internal.TopologyGraph} is what the builder produced; {@link
 * io.runnel.streams.internal.StreamThread} polls, runs tasks (one per partition number, reading
 * partition {@code p} of every input and repartition topic) and commits in the at-least-once order;
 * stores are RocksDB behind a record cache, changelogged through the Log SPI.
 *
 * <p>Threading: a stream thread owns its tasks, stores and processors; only producer callbacks run
 * elsewhere (they touch {@code SendFailures} and changelog offsets, which are atomic).
 */
package io.runnel.streams.internal;
