package io.runnel.log.cluster;

import java.util.List;

/**
 * The metadata quorum as one node sees it: the Raft leader ({@code -1} when none is known), the
 * current term, this node's commit index, and per voter its address and the last commit index this
 * node knows of it ({@code -1} when unknown). Immutable.
 */
public record QuorumStatus(int leaderId, long term, long commitIndex, List<Voter> voters) {
  /** One voter of the quorum. */
  public record Voter(int nodeId, String address, long commitIndex) {}

  public QuorumStatus {
    voters = List.copyOf(voters);
  }
}
