package io.runnel.log.server;

import io.runnel.log.cluster.PartitionState;
import io.runnel.log.storage.AppendResult;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One partition hosted on this node, as leader or follower: its log, its replicated state from the
 * metadata image and, while this node leads it, what the followers have fetched (Kafka's {@code
 * Partition}).
 *
 * <p>Leader: each follower's fetch records its log end offset; the high watermark is the lowest log
 * end offset in the ISR (never moving back), so with an ISR of this node alone it is the log end
 * offset itself and a single node behaves as before. A follower that has not caught up to the
 * leader's log end for {@code replica.lag.time.max.ms} is reported by {@link #laggingFollowers}; one
 * outside the ISR that reaches the high watermark is reported to {@link IsrChanges}. Follower: the
 * high watermark is the leader's, bounded by the local log end.
 *
 * <p>Threading: thread-safe. Appends as leader hold the read side of a lock whose write side a
 * leadership change takes, so no append of an old epoch lands after the change; follower
 * bookkeeping and the high watermark are guarded by this object's monitor.
 */
public final class Partition {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Partition.class);
  /** Where a leader sends the ISR changes it wants (through the metadata quorum). */
  public interface IsrChanges {
    void request(TopicPartition tp, int leader, int leaderEpoch, List<Integer> isr);
  }

  /** What the leader knows of one follower. */
  private static final class Follower {
    long logEndOffset = -1;
    long lastCaughtUpMs;
    long lastFetchMs;
    long leaderEndAtLastFetch = -1;

    Follower(long nowMs) {
      lastCaughtUpMs = nowMs;
    }
  }

  private final TopicPartition tp;
  private final PartitionLog log;
  private final int localNode;
  private final IsrChanges isrChanges;
  private final Runnable onHighWatermark;
  private final ReentrantReadWriteLock leadership = new ReentrantReadWriteLock();
  private final Map<Integer, Follower> followers = new HashMap<>();
  private volatile PartitionState state;
  private volatile long highWatermark;

  /**
   * @param onHighWatermark called (on the thread that moved it) whenever the high watermark may
   *     have moved, the leadership changed or the leader appended, so parked requests look again
   */
  public Partition(TopicPartition tp, PartitionLog log, int localNode, IsrChanges isrChanges,
      Runnable onHighWatermark) {
    this(tp, log, localNode, isrChanges, onHighWatermark, 0);
  }

  /**
   * @param checkpointedHighWatermark the high watermark this node checkpointed for this log before
   *     it restarted (0 without one): a committed offset, so a leader serves what is below it at once
   */
  public Partition(TopicPartition tp, PartitionLog log, int localNode, IsrChanges isrChanges,
      Runnable onHighWatermark, long checkpointedHighWatermark) {
    // Never above the log end: a machine crash may have lost unflushed records below the checkpointed
    // value, and records appended again there are not committed (Kafka clamps it the same way).
    this.highWatermark = Math.max(0, Math.min(checkpointedHighWatermark, log.logEndOffset()));
    this.tp = tp;
    this.log = log;
    this.localNode = localNode;
    this.isrChanges = isrChanges;
    this.onHighWatermark = onHighWatermark;
  }

  public TopicPartition topicPartition() {
    return tp;
  }

  public PartitionLog log() {
    return log;
  }

  /** The replicated state as last applied here (null before the first). */
  public PartitionState state() {
    return state;
  }

  public boolean isLeader() {
    PartitionState s = state;
    return s != null && s.leader() == localNode;
  }

  public int leaderEpoch() {
    PartitionState s = state;
    return s == null ? -1 : s.leaderEpoch();
  }

  /**
   * Applies a new replicated state. Becoming leader (or leader in a new epoch) starts the epoch at
   * the log end offset and forgets what followers fetched before; becoming follower keeps the high
   * watermark as it is (the replica fetcher then truncates and fetches).
   */
  public void update(PartitionState next, long nowMs) {
    leadership.writeLock().lock();
    try {
      PartitionState prev = state;
      boolean newLeaderEpoch = next.leader() == localNode
          && (prev == null || prev.leader() != localNode || prev.leaderEpoch() != next.leaderEpoch());
      synchronized (this) {
        if (newLeaderEpoch) {
          log.startLeaderEpoch(next.leaderEpoch());
          followers.clear();
        }
        if (next.leader() == localNode) {
          for (int r : next.replicas()) {
            if (r != localNode) {
              followers.computeIfAbsent(r, k -> new Follower(nowMs));
            }
          }
          followers.keySet().retainAll(next.replicas());
        } else {
          followers.clear();
        }
        state = next;
        if (next.leader() == localNode) {
          maybeAdvanceHighWatermark();
        }
        // One line per leadership change of a replicated partition (a single replica has nothing to tell).
        if (newLeaderEpoch && next.replicas().size() > 1) {
          LOG.info("{}: node {} leads in epoch {} from offset {} (ISR {})", tp, localNode, next.leaderEpoch(),
              log.logEndOffset(), next.isr());
        } else if (next.hasLeader() && next.leader() != localNode && next.replicas().size() > 1
            && (prev == null || prev.leader() != next.leader() || prev.leaderEpoch() != next.leaderEpoch())) {
          LOG.info("{}: node {} follows node {} in epoch {}", tp, localNode, next.leader(), next.leaderEpoch());
        }
      }
    } finally {
      leadership.writeLock().unlock();
    }
    onHighWatermark.run();
  }

  /**
   * The high watermark: the offset below which every record is on every in-sync replica, the end of
   * what consumers may read. With an ISR of the leader alone, the log end offset.
   */
  public long highWatermark() {
    PartitionState s = state;
    if (s != null && s.leader() == localNode && s.isr().size() == 1 && s.isr().get(0) == localNode) {
      return log.logEndOffset();
    }
    return Math.min(highWatermark, log.logEndOffset());
  }

  /** In-sync replicas counted for min.insync.replicas (leader included). */
  public int isrSize() {
    PartitionState s = state;
    return s == null ? 0 : s.isr().size();
  }

  /**
   * Appends as leader in the current epoch; then, unless the batch was a retried duplicate, calls the
   * high-watermark callback (on this thread), so parked fetches and acks=all waits look again.
   *
   * @throws NotLeaderException when this node no longer leads the partition
   * @throws NotEnoughReplicasException when {@code minIsr} is above the ISR size
   */
  public AppendResult appendAsLeader(ByteBuffer records, int minIsr) {
    AppendResult result;
    leadership.readLock().lock();
    try {
      PartitionState s = state;
      if (s == null || s.leader() != localNode) {
        throw new NotLeaderException("node " + localNode + " does not lead " + tp);
      }
      if (s.isr().size() < minIsr) {
        throw new NotEnoughReplicasException(tp + " has " + s.isr().size() + " in-sync replica(s) " + s.isr()
            + " but min.insync.replicas is " + minIsr + "; nothing was written");
      }
      result = log.append(records, s.leaderEpoch());
      if (s.isr().size() > 1) {
        synchronized (this) {
          maybeAdvanceHighWatermark();
        }
      }
    } finally {
      leadership.readLock().unlock();
    }
    if (!result.duplicate()) {
      // Wakes the followers' fetches parked on this partition (and with an ISR of one, the high watermark moved).
      onHighWatermark.run();
    }
    return result;
  }

  /**
   * Leader side of a follower's fetch at {@code fetchOffset} (its log end offset): records its
   * position, moves the high watermark and asks to add the follower to the ISR once it has reached
   * the high watermark. Returns false when this node does not lead the partition or the fetcher is
   * not one of its replicas.
   */
  public boolean followerFetched(int replicaId, long fetchOffset, long nowMs) {
    boolean moved;
    List<Integer> expand = null;
    PartitionState s;
    synchronized (this) {
      s = state;
      Follower f = followers.get(replicaId);
      if (s == null || s.leader() != localNode || f == null) {
        return false;
      }
      long leaderEnd = log.logEndOffset();
      if (fetchOffset > leaderEnd) {
        return true; // past this log's end: the fetch fails with OFFSET_OUT_OF_RANGE and the follower truncates
      }
      if (fetchOffset == leaderEnd) {
        f.lastCaughtUpMs = nowMs;
      } else if (fetchOffset >= f.leaderEndAtLastFetch && f.leaderEndAtLastFetch >= 0) {
        f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
      }
      f.logEndOffset = fetchOffset;
      f.lastFetchMs = nowMs;
      f.leaderEndAtLastFetch = leaderEnd;
      long before = highWatermark;
      maybeAdvanceHighWatermark();
      moved = highWatermark != before;
      if (!s.isr().contains(replicaId) && fetchOffset >= highWatermark()) {
        expand = new ArrayList<>(s.isr());
        expand.add(replicaId);
      }
    }
    if (expand != null) {
      isrChanges.request(tp, localNode, s.leaderEpoch(), expand);
    }
    if (moved) {
      onHighWatermark.run();
    }
    return true;
  }

  /** The in-sync followers that have not caught up to the leader's log end for {@code maxLagMs}. */
  public synchronized List<Integer> laggingFollowers(long nowMs, long maxLagMs) {
    PartitionState s = state;
    List<Integer> out = new ArrayList<>();
    if (s == null || s.leader() != localNode) {
      return out;
    }
    for (int r : s.isr()) {
      Follower f = followers.get(r);
      if (r != localNode && f != null && nowMs - f.lastCaughtUpMs > maxLagMs && f.logEndOffset < log.logEndOffset()) {
        out.add(r);
      }
    }
    return out;
  }

  /** Called with the monitor held: the high watermark becomes the lowest log end offset in the ISR. */
  private void maybeAdvanceHighWatermark() {
    PartitionState s = state;
    long min = log.logEndOffset();
    for (int r : s.isr()) {
      if (r == localNode) {
        continue;
      }
      Follower f = followers.get(r);
      if (f == null || f.logEndOffset < 0) {
        return; // an in-sync replica that has not fetched from this leader yet holds it back
      }
      min = Math.min(min, f.logEndOffset);
    }
    if (min > highWatermark) {
      highWatermark = min;
    }
  }

  /** Follower side: the leader's high watermark, bounded by this replica's log end. */
  public void followerHighWatermark(long leaderHighWatermark) {
    long hw = Math.min(leaderHighWatermark, log.logEndOffset());
    synchronized (this) {
      if (state != null && state.leader() != localNode) {
        highWatermark = hw;
      }
    }
  }

  @Override
  public String toString() {
    return "Partition(" + tp + ", " + state + ", hw=" + highWatermark() + ")";
  }
}
