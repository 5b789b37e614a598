/**
 * The cluster metadata quorum (DESIGN.md decision 3): topics, their configs, partition assignments
 * (replicas, leader, leader epoch, ISR), broker registrations with their endpoints and liveness,
 * the cluster id and producer-id blocks, replicated by an Apache Ratis Raft group over the voters of
 * {@code controller.quorum.voters}. A single node runs a one-peer group on a free loopback port: the
 * same code path.
 *
 * <p>{@link io.runnel.log.cluster.MetadataImage} is the immutable state;
 * {@link io.runnel.log.cluster.MetadataCommand} the replicated changes (their byte layout is
 * documented there); {@link io.runnel.log.cluster.MetadataStateMachine} applies them in log order
 * and snapshots the image; {@link io.runnel.log.cluster.MetadataQuorum} runs the Ratis server and
 * client of one node, its heartbeats and, on the Raft leader, the fencing of brokers whose session
 * timed out; a node stopping cleanly fences itself first (Kafka's controlled shutdown), so its
 * leaderships move at once. No broker joins an ISR while it is fenced.
 *
 * <p>Threading: the state machine applies commands on Ratis' apply thread and publishes each new
 * image through a volatile field, so readers on any thread see a consistent image. Liveness
 * (last heartbeat per broker) is not replicated: it lives in memory on the Raft leader, and a new
 * leader gives every broker one full session timeout before fencing it.
 */
package io.runnel.log.cluster;
