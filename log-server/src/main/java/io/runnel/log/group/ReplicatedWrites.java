package io.runnel.log.group;

import io.runnel.log.server.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Group writes appended to an offsets partition as its leader that wait until every in-sync replica
 * has them, as Kafka writes group records with acks=-1: a write is answered NONE once the
 * partition's high watermark reaches the end of its batch, NOT_COORDINATOR when the leadership
 * changed first (new epoch or another leader), REQUEST_TIMED_OUT after {@code
 * offsets.commit.timeout.ms}, COORDINATOR_NOT_AVAILABLE when the coordinator closes. Nothing
 * blocks: a write parks here and is looked at again whenever the broker reports that the
 * partition's high watermark or leadership may have moved ({@link #highWatermarkMoved}).
 *
 * <p>Threading: thread-safe. {@link #highWatermarkMoved} runs on the thread that moved the high
 * watermark (often a network thread serving a follower's fetch): it only compares offsets and
 * hands each completion to the completion executor, so the code chained on a write (which takes
 * its group's lock) never runs there. Timeouts complete on the {@link GroupTimer}'s thread.
 */
final class ReplicatedWrites {
  /** One write: done once the high watermark of {@code partition} reaches {@code endOffset} in {@code leaderEpoch}. */
  private static final class Waiting {
    final Partition partition;
    final int leaderEpoch;
    final long endOffset;
    final CompletableFuture<GroupError> future = new CompletableFuture<>();
    volatile GroupTimer.Scheduled timeout;

    Waiting(Partition partition, int leaderEpoch, long endOffset) {
      this.partition = partition;
      this.leaderEpoch = leaderEpoch;
      this.endOffset = endOffset;
    }

    /** The outcome if there is one now, or null while the write must wait. */
    GroupError outcome() {
      if (!partition.isLeader() || partition.leaderEpoch() != leaderEpoch) {
        return GroupError.NOT_COORDINATOR;
      }
      return partition.highWatermark() >= endOffset ? GroupError.NONE : null;
    }
  }

  private final Map<Integer, List<Waiting>> waiting = new ConcurrentHashMap<>();
  private final GroupTimer timer;
  private final Executor completions;
  private final long timeoutMs;

  /**
   * @param completions where writes completed by a high watermark move are completed
   * @param timeoutMs offsets.commit.timeout.ms
   */
  ReplicatedWrites(GroupTimer timer, Executor completions, long timeoutMs) {
    this.timer = timer;
    this.completions = completions;
    this.timeoutMs = timeoutMs;
  }

  /**
   * The outcome of a batch that ends before {@code endOffset}, appended to {@code partition} as its
   * leader in {@code leaderEpoch}: already completed when the high watermark is there (always so
   * when this node is the partition's only in-sync replica), otherwise completed later.
   */
  CompletableFuture<GroupError> await(int partitionIndex, Partition partition, int leaderEpoch, long endOffset) {
    Waiting w = new Waiting(partition, leaderEpoch, endOffset);
    GroupError now = w.outcome();
    if (now != null) {
      w.future.complete(now);
      return w.future;
    }
    List<Waiting> list = waiting.computeIfAbsent(partitionIndex, k -> new ArrayList<>());
    synchronized (list) {
      list.add(w);
    }
    w.timeout = timer.schedule(timeoutMs, () -> {
      if (remove(partitionIndex, w)) {
        w.future.complete(GroupError.REQUEST_TIMED_OUT);
      }
    });
    // The high watermark may have passed between the first look and the registration: look again.
    highWatermarkMoved(partitionIndex);
    return w.future;
  }

  /** Completes the writes to offsets partition {@code partitionIndex} that can be answered now. */
  void highWatermarkMoved(int partitionIndex) {
    List<Waiting> list = waiting.get(partitionIndex);
    if (list == null) {
      return;
    }
    List<Waiting> done = new ArrayList<>();
    List<GroupError> outcomes = new ArrayList<>();
    synchronized (list) {
      // In append order, so a group's writes complete in the order they were written.
      for (var it = list.iterator(); it.hasNext(); ) {
        Waiting w = it.next();
        GroupError outcome = w.outcome();
        if (outcome != null) {
          it.remove();
          done.add(w);
          outcomes.add(outcome);
        }
      }
    }
    if (done.isEmpty()) {
      return;
    }
    Runnable complete = () -> {
      for (int i = 0; i < done.size(); i++) {
        Waiting w = done.get(i);
        if (w.timeout != null) {
          w.timeout.cancel();
        }
        w.future.complete(outcomes.get(i));
      }
    };
    try {
      completions.execute(complete);
    } catch (RejectedExecutionException e) {
      failAll(done, GroupError.COORDINATOR_NOT_AVAILABLE); // closing
    }
  }

  /** Answers every waiting write COORDINATOR_NOT_AVAILABLE (the coordinator closes). */
  void close() {
    for (Integer p : List.copyOf(waiting.keySet())) {
      List<Waiting> list = waiting.get(p);
      List<Waiting> all;
      synchronized (list) {
        all = new ArrayList<>(list);
        list.clear();
      }
      failAll(all, GroupError.COORDINATOR_NOT_AVAILABLE);
    }
  }

  /** The writes waiting now, for tests and status. */
  int size() {
    int n = 0;
    for (List<Waiting> list : waiting.values()) {
      synchronized (list) {
        n += list.size();
      }
    }
    return n;
  }

  private boolean remove(int partitionIndex, Waiting w) {
    List<Waiting> list = waiting.get(partitionIndex);
    if (list == null) {
      return false;
    }
    synchronized (list) {
      return list.remove(w);
    }
  }

  private static void failAll(List<Waiting> writes, GroupError error) {
    for (Waiting w : writes) {
      if (w.timeout != null) {
        w.timeout.cancel();
      }
      w.future.complete(error);
    }
  }
}
