package io.runnel.log.protocol;

import io.runnel.log.cluster.BrokerRegistration;
import io.runnel.log.server.Broker;
import io.runnel.log.server.Partition;
import io.runnel.log.storage.EpochEndOffset;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.RecordBatch;
import io.runnel.log.storage.StorageException;
import io.runnel.log.storage.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower side of replication for the partitions one leader node leads: a thread that, for
 * partitions that just started following (or whose leader epoch changed), asks the leader with
 * OffsetForLeaderEpoch where this replica's latest epoch ends there and truncates what diverged
 * (KIP-101/279); then sends Fetch requests with this node's replica id from each partition's log
 * end offset, appends the leader's batches unchanged ({@link PartitionLog#appendAsFollower}) and
 * takes the leader's high watermark and log start offset.
 *
 * <p>Threading: one thread per leader node; {@link #follow} and {@link #unfollow} may be called from
 * any thread (the partition set is concurrent and read afresh on every round).
 */
final class ReplicaFetcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcher.class);
  private static final short FETCH_VERSION = 12;
  private static final short EPOCH_VERSION = 4;
  private static final long BACKOFF_MS = 50;

  /** A partition followed here, in the leader epoch it was followed in. */
  private static final class Followed {
    final Partition partition;
    final int leaderEpoch;
    volatile boolean needsTruncation = true;

    Followed(Partition partition, int leaderEpoch) {
      this.partition = partition;
      this.leaderEpoch = leaderEpoch;
    }
  }

  private final Broker broker;
  private final int leaderId;
  private final Map<TopicPartition, Followed> partitions = new ConcurrentHashMap<>();
  private final Object wakeup = new Object();
  private volatile boolean running = true;
  private volatile BrokerChannel channel;
  private Thread thread;

  ReplicaFetcher(Broker broker, int leaderId) {
    this.broker = broker;
    this.leaderId = leaderId;
  }

  void start() {
    thread = new Thread(this, "replica-fetcher-" + broker.nodeId() + "-from-" + leaderId);
    thread.setDaemon(true);
    thread.start();
  }

  /** Follows {@code partition} in {@code leaderEpoch}; a new epoch starts with the truncation check again. */
  void follow(Partition partition, int leaderEpoch) {
    Followed current = partitions.get(partition.topicPartition());
    if (current != null && current.leaderEpoch == leaderEpoch && current.partition == partition) {
      return;
    }
    partitions.put(partition.topicPartition(), new Followed(partition, leaderEpoch));
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
  }

  void unfollow(TopicPartition tp) {
    partitions.remove(tp);
  }

  java.util.Set<TopicPartition> followed() {
    return partitions.keySet();
  }

  @Override
  public void run() {
    while (running) {
      try {
        if (partitions.isEmpty()) {
          synchronized (wakeup) {
            if (partitions.isEmpty() && running) {
              wakeup.wait(1000);
            }
          }
          continue;
        }
        if (!connected()) {
          pause();
          continue;
        }
        truncateDiverged();
        fetchOnce();
      } catch (IOException e) {
        LOG.debug("node {}: replication from node {} interrupted: {}", broker.nodeId(), leaderId, e.toString());
        disconnect();
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("node {}: replication from node {} failed: {}", broker.nodeId(), leaderId, e.toString(), e);
          disconnect();
          pause();
        }
      }
    }
    disconnect();
  }

  private void pause() {
    try {
      Thread.sleep(BACKOFF_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Connects (or reconnects, when the leader's endpoint changed) to the leader's listener. */
  private boolean connected() throws IOException {
    Optional<BrokerRegistration> reg = broker.metadata().broker(leaderId);
    if (reg.isEmpty() || reg.get().fenced()) {
      disconnect();
      return false;
    }
    BrokerRegistration r = reg.get();
    if (channel != null && channel.host().equals(r.host()) && channel.port() == r.port()) {
      return true;
    }
    disconnect();
    int readTimeout = broker.config().replicaFetchWaitMaxMs() + 30_000;
    channel = BrokerChannel.connect(r.host(), r.port(), "replica-" + broker.nodeId(), readTimeout);
    return true;
  }

  private void disconnect() {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  /** Asks the leader where this replica's latest epoch ends for every partition that needs it, and truncates. */
  private void truncateDiverged() throws IOException {
    Map<TopicPartition, Followed> todo = new LinkedHashMap<>();
    partitions.forEach((tp, f) -> {
      if (f.needsTruncation) {
        if (f.partition.log().latestEpoch() < 0) {
          f.needsTruncation = false; // nothing written in any epoch: nothing can have diverged
        } else {
          todo.put(tp, f);
        }
      }
    });
    if (todo.isEmpty()) {
      return;
    }
    OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(broker.nodeId());
    Map<String, OffsetForLeaderEpochRequestData.OffsetForLeaderTopic> topics = new LinkedHashMap<>();
    todo.forEach((tp, f) -> topics.computeIfAbsent(tp.topic(), t -> {
      OffsetForLeaderEpochRequestData.OffsetForLeaderTopic x =
          new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(t);
      request.topics().add(x);
      return x;
    }).partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(tp.partition())
        .setCurrentLeaderEpoch(f.leaderEpoch).setLeaderEpoch(f.partition.log().latestEpoch())));
    OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData(
        channel.send(ApiKeys.OFFSET_FOR_LEADER_EPOCH, EPOCH_VERSION, request), EPOCH_VERSION);
    for (OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult t : response.topics()) {
      for (OffsetForLeaderEpochResponseData.EpochEndOffset p : t.partitions()) {
        Followed f = todo.get(new TopicPartition(t.topic(), p.partition()));
        if (f == null || partitions.get(f.partition.topicPartition()) != f) {
          continue;
        }
        if (p.errorCode() != Errors.NONE.code()) {
          continue; // the leader is not ready for this epoch yet: ask again next round
        }
        if (f.partition.log().truncateToLeader(new EpochEndOffset(p.leaderEpoch(), p.endOffset()))) {
          f.needsTruncation = false;
        }
      }
    }
  }

  private void fetchOnce() throws IOException {
    Map<TopicPartition, Followed> sent = new LinkedHashMap<>();
    FetchRequestData request = new FetchRequestData().setReplicaId(broker.nodeId())
        .setMaxWaitMs(broker.config().replicaFetchWaitMaxMs()).setMinBytes(1)
        .setMaxBytes(broker.config().replicaFetchMaxBytes() * 10).setIsolationLevel((byte) 0)
        .setSessionId(0).setSessionEpoch(-1);
    Map<String, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
    partitions.forEach((tp, f) -> {
      if (f.needsTruncation) {
        return;
      }
      PartitionLog log = f.partition.log();
      sent.put(tp, f);
      topics.computeIfAbsent(tp.topic(), t -> {
        FetchRequestData.FetchTopic x = new FetchRequestData.FetchTopic().setTopic(t);
        request.topics().add(x);
        return x;
      }).partitions().add(new FetchRequestData.FetchPartition().setPartition(tp.partition())
          .setCurrentLeaderEpoch(f.leaderEpoch).setFetchOffset(log.logEndOffset())
          .setLastFetchedEpoch(-1).setLogStartOffset(log.logStartOffset())
          .setPartitionMaxBytes(broker.config().replicaFetchMaxBytes()));
    });
    if (sent.isEmpty()) {
      pause();
      return;
    }
    FetchResponseData response = new FetchResponseData(channel.send(ApiKeys.FETCH, FETCH_VERSION, request),
        FETCH_VERSION);
    if (response.errorCode() != Errors.NONE.code()) {
      LOG.debug("node {}: fetch from node {} failed: {}", broker.nodeId(), leaderId,
          Errors.forCode(response.errorCode()));
      pause();
      return;
    }
    boolean backOff = false;
    for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
      for (FetchResponseData.PartitionData p : t.partitions()) {
        Followed f = sent.get(new TopicPartition(t.topic(), p.partitionIndex()));
        if (f == null || partitions.get(f.partition.topicPartition()) != f) {
          continue; // no longer followed from this leader in this epoch
        }
        backOff |= !apply(f, p);
      }
    }
    if (backOff) {
      pause();
    }
  }

  /** Applies one partition's part of a fetch response; false when the partition should wait a little. */
  private boolean apply(Followed f, FetchResponseData.PartitionData p) {
    PartitionLog log = f.partition.log();
    Errors error = Errors.forCode(p.errorCode());
    if (error == Errors.OFFSET_OUT_OF_RANGE) {
      if (p.logStartOffset() >= 0 && log.logEndOffset() < p.logStartOffset()) {
        log.truncateFullyAndStartAt(p.logStartOffset());
      } else {
        f.needsTruncation = true;
      }
      return true;
    }
    if (error != Errors.NONE) {
      return false; // not (yet) the leader in this epoch, or a leader change under way
    }
    if (p.records() instanceof MemoryRecords records) {
      ByteBuffer whole = wholeBatches(records.buffer().duplicate(), log.logEndOffset());
      if (whole.hasRemaining()) {
        try {
          log.appendAsFollower(whole);
        } catch (StorageException e) {
          LOG.warn("node {}: cannot append what node {} sent for {}: {}", broker.nodeId(), leaderId, log.name(),
              e.getMessage());
          f.needsTruncation = true;
          return false;
        }
      }
    }
    f.partition.followerHighWatermark(p.highWatermark());
    long leaderStart = p.logStartOffset();
    if (leaderStart > log.logStartOffset() && leaderStart <= log.logEndOffset()) {
      log.deleteRecordsBefore(leaderStart);
    }
    return true;
  }

  /** The whole batches of a fetched range at or after {@code from}: a trailing partial batch is left for the next fetch. */
  static ByteBuffer wholeBatches(ByteBuffer buffer, long from) {
    int start = buffer.position();
    int position = start;
    int end = buffer.limit();
    int firstKept = -1;
    while (end - position >= RecordBatch.LOG_OVERHEAD) {
      int size = RecordBatch.peekSize(buffer, position);
      if (size < RecordBatch.HEADER_SIZE || end - position < size) {
        break;
      }
      long next = buffer.getLong(position + RecordBatch.BASE_OFFSET)
          + buffer.getInt(position + RecordBatch.LAST_OFFSET_DELTA) + 1;
      if (firstKept < 0 && next > from) {
        firstKept = position;
      }
      position += size;
    }
    if (firstKept < 0) {
      return ByteBuffer.allocate(0);
    }
    ByteBuffer out = buffer.duplicate();
    out.position(firstKept).limit(position);
    return out.slice();
  }

  /** Stops the thread and closes the connection. */
  void close() {
    running = false;
    synchronized (wakeup) {
      wakeup.notifyAll();
    }
    if (thread != null) {
      thread.interrupt();
      disconnect0();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void disconnect0() {
    BrokerChannel c = channel;
    if (c != null) {
      c.close(); // unblocks a read in progress; the thread clears the field itself
    }
  }
}
