package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.Entry;
import io.runnel.log.server.Broker;
import io.runnel.log.server.MetadataException;
import io.runnel.log.server.NotEnoughReplicasException;
import io.runnel.log.server.NotLeaderException;
import io.runnel.log.server.Partition;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.AppendResult;
import io.runnel.log.storage.BatchBuilder;
import io.runnel.log.storage.Compression;
import io.runnel.log.storage.FileSlice;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.Record;
import io.runnel.log.storage.RecordBatch;
import io.runnel.log.storage.RecordIterator;
import io.runnel.log.storage.RecordTooLargeException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal compacted topic {@value #NAME} that holds every group's committed offsets and
 * metadata (layout in {@link OffsetsTopicFormat}). A group lives in partition {@code
 * abs(groupId.hashCode()) % partitions} (Kafka's formula, with abs(Integer.MIN_VALUE) = 0), so all
 * its records are in one log, in the order they were written. The topic is created on first need
 * ({@link #ensureCreated}) with its partitions spread over the live brokers, as Kafka creates it on
 * the first FindCoordinator; the leader of a partition is the coordinator of its groups.
 *
 * <p>Writes go through the partition's leader path with the topic's min.insync.replicas and are
 * acknowledged once every in-sync replica has them (Kafka writes group records with acks=-1), so a
 * coordinator failover keeps every write a client saw succeed.
 *
 * <p>Thread-safe: appends are serialized per partition by its log; a caller that needs its own
 * records in order (the coordinator, per group) appends under its own lock, and the outcomes of
 * one partition's writes complete in append order.
 */
final class OffsetsTopic {
  static final String NAME = "__consumer_offsets";
  private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopic.class);
  private static final int READ_BYTES = 1 << 20;

  private final Broker broker;
  private final InstantSource clock;
  private final ReplicatedWrites writes;

  OffsetsTopic(Broker broker, InstantSource clock, ReplicatedWrites writes) {
    this.broker = broker;
    this.clock = clock;
    this.writes = writes;
  }

  /** The topic as the metadata has it now, if it exists. */
  Optional<Topic> topic() {
    return broker.topic(NAME);
  }

  /**
   * Creates the topic when it is missing ({@code offsets.topic.num.partitions} partitions, {@code
   * offsets.topic.replication.factor} replicas or as many as there are live brokers, compacted) and
   * returns it; returns once this node has applied the creation.
   *
   * @throws MetadataException when the metadata quorum refuses or cannot take the creation
   */
  Topic ensureCreated() {
    Optional<Topic> topic = topic();
    if (topic.isPresent()) {
      return topic.get();
    }
    try {
      return broker.createInternalTopic(NAME, broker.config().offsetsTopicPartitions(),
          broker.config().offsetsTopicReplicationFactor(), Map.of("cleanup.policy", "compact"));
    } catch (MetadataException e) {
      if (e.reason() != MetadataException.Reason.TOPIC_ALREADY_EXISTS) {
        throw e;
      }
      return topic().orElseThrow(() -> new GroupStoreException("the " + NAME + " topic vanished while it was"
          + " being created"));
    }
  }

  /** The partitions of the topic, 0 while it does not exist. */
  int partitions() {
    return topic().map(Topic::partitions).orElse(0);
  }

  /** The partition that holds {@code groupId}'s records in a topic of {@code partitions} partitions. */
  static int partitionFor(String groupId, int partitions) {
    int hash = groupId.hashCode();
    // Kafka's Utils.abs: Math.abs(Integer.MIN_VALUE) is negative.
    return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitions;
  }

  /** The partition that holds {@code groupId}'s records; the topic must exist. */
  int partitionFor(String groupId) {
    int n = partitions();
    if (n == 0) {
      throw new IllegalStateException("the partition of group '" + groupId + "' is asked before " + NAME
          + " was created");
    }
    return partitionFor(groupId, n);
  }

  /**
   * Appends {@code entries}, all of one group, as one batch (all are written or none is) through
   * the partition's leader path, and returns the outcome once every in-sync replica has the batch
   * (see {@link ReplicatedWrites}); already completed when this node is the partition's only
   * in-sync replica. Outcomes: NONE; NOT_COORDINATOR when this node does not lead the partition
   * (or stops leading it before the replicas have the batch); COORDINATOR_NOT_AVAILABLE when fewer
   * replicas than the topic's min.insync.replicas are in sync (nothing is written) or the append
   * fails; INVALID_COMMIT_OFFSET_SIZE when the batch exceeds max.message.bytes; REQUEST_TIMED_OUT
   * after offsets.commit.timeout.ms. Never throws for these.
   */
  CompletableFuture<GroupError> append(String groupId, List<? extends Entry> entries) {
    int index = partitionFor(groupId);
    Optional<Partition> partition = broker.partition(NAME, index);
    if (partition.isEmpty() || !partition.get().isLeader()) {
      return CompletableFuture.completedFuture(GroupError.NOT_COORDINATOR);
    }
    Partition p = partition.get();
    long now = clock.millis();
    BatchBuilder batch = BatchBuilder.create(Compression.NONE);
    for (Entry e : entries) {
      batch.add(now, OffsetsTopicFormat.key(e), OffsetsTopicFormat.value(e));
    }
    // The epoch before the append: if it changes meanwhile, the wait answers NOT_COORDINATOR, never a false NONE.
    int epoch = p.leaderEpoch();
    AppendResult result;
    try {
      result = p.appendAsLeader(batch.build(0), p.log().config().minInsyncReplicas());
    } catch (NotLeaderException e) {
      return CompletableFuture.completedFuture(GroupError.NOT_COORDINATOR);
    } catch (NotEnoughReplicasException e) {
      LOG.warn("group '{}': cannot write to {}-{}: {}", groupId, NAME, index, e.getMessage());
      return CompletableFuture.completedFuture(GroupError.COORDINATOR_NOT_AVAILABLE);
    } catch (RecordTooLargeException e) {
      return CompletableFuture.completedFuture(GroupError.INVALID_COMMIT_OFFSET_SIZE);
    } catch (RuntimeException e) {
      LOG.error("group '{}': cannot write to {}-{}: {}", groupId, NAME, index, e.toString());
      return CompletableFuture.completedFuture(GroupError.COORDINATOR_NOT_AVAILABLE);
    }
    return writes.await(index, p, epoch, result.lastOffset() + 1);
  }

  /** Called when the high watermark or leadership of {@code partition} may have moved. */
  void highWatermarkMoved(int partition) {
    writes.highWatermarkMoved(partition);
  }

  /**
   * Hands every record of {@code partition} to {@code sink}, in log order; records of key types this
   * version does not know are skipped.
   *
   * @return the number of records replayed
   * @throws GroupStoreException naming the partition and offset of a record that cannot be decoded,
   *     or when this node does not lead the partition
   */
  long replay(int partition, Consumer<Entry> sink) {
    PartitionLog log = log(partition);
    long offset = log.logStartOffset();
    long end = log.logEndOffset();
    long count = 0;
    int skipped = 0;
    while (offset < end) {
      Optional<FileSlice> slice = log.read(offset, READ_BYTES).slice();
      if (slice.isEmpty()) {
        break;
      }
      ByteBuffer bytes = slice.get().readFully();
      long next = offset;
      int position = 0;
      for (int size = RecordBatch.peekSize(bytes, position); size > 0 && position + size <= bytes.limit();
          size = RecordBatch.peekSize(bytes, position)) {
        RecordBatch batch = new RecordBatch(bytes, position);
        if (!batch.isControl()) {
          for (RecordIterator it = batch.records(); it.hasNext(); ) {
            Record r = it.next();
            if (r.offset() < offset) {
              continue;
            }
            Entry entry;
            try {
              entry = OffsetsTopicFormat.decode(r.key(), r.value());
            } catch (GroupStoreException e) {
              throw new GroupStoreException("cannot load " + NAME + "-" + partition + " at offset " + r.offset()
                  + ": " + e.getMessage(), e);
            }
            if (entry == null) {
              skipped++;
            } else {
              sink.accept(entry);
              count++;
            }
          }
        }
        // A compacted batch may end before its last offset delta: continue after the whole batch.
        next = batch.nextOffset();
        position += size;
      }
      if (next <= offset) {
        throw new GroupStoreException("cannot load " + NAME + "-" + partition + ": no whole batch at offset " + offset
            + " (log end " + end + ")");
      }
      offset = next;
    }
    if (skipped > 0) {
      LOG.warn("{}-{}: skipped {} record(s) of a kind this version does not know (written by a newer Runnel)",
          NAME, partition, skipped);
    }
    return count;
  }

  private PartitionLog log(int partition) {
    return broker.log(NAME, partition).orElseThrow(() -> new GroupStoreException(NAME + "-" + partition
        + " is not led by node " + broker.nodeId() + " (or its log is missing from log.dirs)"));
  }
}
