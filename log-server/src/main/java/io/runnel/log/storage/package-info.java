/**
 * The partition-log storage engine: Kafka v2 record batches in segment files with sparse offset and
 * time indexes, recovery, retention, compaction and a log manager. Usable as a library; the broker
 * puts the Kafka protocol in front of it.
 *
 * <p>Main types: {@link io.runnel.log.storage.PartitionLog} (one partition), {@link
 * io.runnel.log.storage.LogManager} (all partitions of a server), {@link
 * io.runnel.log.storage.LogConfig} (topic settings with Kafka's names), {@link
 * io.runnel.log.storage.RecordBatch} (the v2 batch layout) and {@link
 * io.runnel.log.storage.LogCleaner} (compaction). For replication, a log also takes a leader's
 * batches unchanged ({@code appendAsFollower}), keeps the leader epochs in {@code
 * leader-epoch-checkpoint} ({@code LeaderEpochCache}) and truncates what diverged from its leader;
 * each partition directory keeps its topic id ({@code partition.metadata}) and each log dir the
 * high watermarks the broker checkpoints ({@code replication-offset-checkpoint}).
 *
 * <p>Invariants: offsets are assigned densely under a partition's append lock and never reused;
 * stored bytes are the producer's bytes with only baseOffset and partitionLeaderEpoch patched; a
 * process killed at any moment reopens to a prefix of what it appended, with every fsynced batch.
 *
 * <p>Threading: per partition, appends and structural changes are serialized by an append lock;
 * reads run concurrently and see only whole, published batches.
 */
package io.runnel.log.storage;
