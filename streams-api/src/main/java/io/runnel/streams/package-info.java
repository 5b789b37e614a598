/**
 * The streams DSL and its runtime, named as in Kafka Streams: {@link
 * io.runnel.streams.StreamsBuilder}, {@link io.runnel.streams.KStream}, {@link
 * io.runnel.streams.KGroupedStream}, {@link io.runnel.streams.KTable}, {@link
 * io.runnel.streams.Topology}; windows ({@link io.runnel.streams.TimeWindows}, {@link
 * io.runnel.streams.SlidingWindows}, {@link io.runnel.streams.SessionWindows}, {@link
 * io.runnel.streams.JoinWindows}) and {@link io.runnel.streams.KTable#suppress}; joins
 * (stream-table, table-table, windowed stream-stream); options as parameter objects ({@link
 * io.runnel.streams.Consumed}, {@link io.runnel.streams.Produced}, {@link
 * io.runnel.streams.Grouped}, {@link io.runnel.streams.Materialized}, {@link
 * io.runnel.streams.Joined}, {@link io.runnel.streams.StreamJoined}, {@link
 * io.runnel.streams.Suppressed}); {@link io.runnel.streams.RunnelStreams} runs a topology and
 * {@link io.runnel.streams.TestDriver} runs it in unit tests.
 *
 * <p>Invariants: a key-changing operation followed by a grouping or a join goes through a
 * repartition topic; stream time is per task, the largest event time seen, and a window closes when
 * it passes the window's end plus grace (later records are dropped and counted in {@code
 * dropped-records-total}); commits flush stores, then the producer, then write checkpoints, then
 * commit input offsets. Threading: topologies are built on one thread; user functions run on the
 * stream thread.
 */
package io.runnel.streams;
