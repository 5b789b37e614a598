package io.runnel.log.cluster;

import java.util.List;

/**
 * The replicated state of one partition: its replicas (the first is the preferred leader), the
 * current leader ({@code -1} when no in-sync replica is alive), the leader epoch (raised on every
 * leader change) and the in-sync replicas. Immutable.
 */
public record PartitionState(List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr) {
  /** No leader: every in-sync replica is fenced. */
  public static final int NO_LEADER = -1;

  public PartitionState {
    replicas = List.copyOf(replicas);
    isr = List.copyOf(isr);
  }

  public boolean hasLeader() {
    return leader != NO_LEADER;
  }

  PartitionState withLeader(int newLeader, List<Integer> newIsr) {
    return new PartitionState(replicas, newLeader, leaderEpoch + 1, newIsr);
  }

  /** The same leader in the same epoch with another ISR. */
  PartitionState withIsr(List<Integer> newIsr) {
    return new PartitionState(replicas, leader, leaderEpoch, newIsr);
  }

  /** Fewer in-sync replicas than replicas: what {@code cluster status} lists as under-replicated. */
  public boolean underReplicated() {
    return isr.size() < replicas.size();
  }
}
