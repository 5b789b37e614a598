/**
 * The runtime behind the DSL; no compatibility promise. {@link
 * io.runnel.streams.internal.TopologyGraph} is what the builder produced; {@link
 * io.runnel.streams.internal.StreamThread} polls, runs tasks (one per partition number, reading
 * partition {@code p} of every input and repartition topic) and commits in the at-least-once order;
 * key-value stores are RocksDB behind a record cache, window and session stores RocksDB segments
 * (behind a record cache for windowed aggregations, see {@code WindowedEmission}), all changelogged
 * through the Log SPI. Global tables ({@link io.runnel.streams.internal.GlobalStateUpdater}) are
 * RocksDB stores per instance loaded from their source topic, without changelog, and read by
 * stream-global joins through {@link io.runnel.streams.internal.GlobalStores}. Each task tracks its stream time ({@link
 * io.runnel.streams.internal.TaskContext#streamTime()}); windowed operators, suppression and
 * stream-stream joins close windows against it. A task asks the configured error handlers about a
 * record that fails to deserialize ({@code SourceProcessor}) or to process ({@code StreamTask}),
 * runs user processors ({@code UserProcessorNode}) and fires their punctuators ({@code
 * Punctuations}): stream-time ones after each record, wall-clock ones from the thread's loop.
 *
 * <p>Threading: a stream thread owns its tasks, stores and processors; only producer callbacks run
 * elsewhere (they touch {@code SendFailures} and changelog offsets, which are atomic), and
 * interactive queries ({@code LocalQueries}) read a thread's published tasks under its query lock,
 * which the thread holds while it processes, commits, or opens and closes tasks. The global
 * thread ({@link io.runnel.streams.internal.GlobalStreamThread}) alone writes the global stores;
 * stream threads only read them.
 */
package io.runnel.streams.internal;
