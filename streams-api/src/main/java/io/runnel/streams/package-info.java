/**
 * The streams DSL and its runtime, named as in Kafka Streams: {@link
 * io.runnel.streams.StreamsBuilder}, {@link io.runnel.streams.KStream}, {@link
 * io.runnel.streams.KGroupedStream}, {@link io.runnel.streams.KTable}, {@link
 * io.runnel.streams.Topology}; options as parameter objects ({@link io.runnel.streams.Consumed},
 * {@link io.runnel.streams.Produced}, {@link io.runnel.streams.Grouped}, {@link
 * io.runnel.streams.Materialized}); {@link io.runnel.streams.RunnelStreams} runs a topology and
 * {@link io.runnel.streams.TestDriver} runs it in unit tests.
 *
 * <p>Invariants: a key-changing operation followed by a grouping goes through a repartition topic;
 * commits flush stores, then the producer, then write checkpoints, then commit input offsets.
 * Threading: topologies are built on one thread; user functions run on the stream thread.
 */
package io.runnel.streams;
