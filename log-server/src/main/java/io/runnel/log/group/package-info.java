/**
 * Consumer groups on Kafka's classic protocol: the group coordinator, its membership state machine
 * and the committed offsets, persisted in the compacted topic {@code __consumer_offsets}.
 *
 * <p>Main types: {@link io.runnel.log.group.GroupCoordinator} (the entry point: JoinGroup,
 * SyncGroup, Heartbeat, LeaveGroup, offsets, group administration), {@link
 * io.runnel.log.group.GroupState} (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead),
 * {@link io.runnel.log.group.GroupError} (outcomes, translated to Kafka error codes by {@code
 * io.runnel.log.protocol.GroupApis}) and {@link io.runnel.log.group.GroupTimer} (the source of
 * timeouts). The records of the offsets topic are laid out in {@code OffsetsTopicFormat}.
 *
 * <p>This package does not see the Kafka wire codec: protocol metadata and assignments are opaque
 * byte arrays, and requests and responses are this package's own records.
 *
 * <p>Invariants: a new generation and every offset change are appended to the offsets topic, as
 * the partition's leader, and acknowledged (and applied in memory) only once every in-sync replica
 * has them ({@code ReplicatedWrites}); a group's records all live in one partition, in the order its changes
 * happened; a node answers for a group only while it leads the group's partition and after it has
 * replayed that partition (NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS otherwise).
 *
 * <p>Threading: the coordinator is thread-safe with one lock per group; timeouts run on the timer's
 * threads under the same lock; futures are completed after the lock is released. Leadership
 * changes come from the metadata apply thread and are loaded and unloaded on the coordinator's
 * loader thread. Writes waiting for the in-sync replicas hold no thread; they are completed on the
 * coordinator's write-completion thread (or the timer's, on timeout), never on the network thread
 * whose follower fetch moved the high watermark.
 */
package io.runnel.log.group;
