package io.runnel.log.protocol;

import org.apache.kafka.common.protocol.Errors;

/** The current-leader-epoch check of Fetch, ListOffsets and OffsetForLeaderEpoch (KIP-320). Stateless. */
final class LeaderEpochs {
  private LeaderEpochs() {}

  /**
   * NONE when the client sent no epoch (-1) or the partition's; FENCED_LEADER_EPOCH when the
   * client's is older (its metadata is stale); UNKNOWN_LEADER_EPOCH when it is newer (this node has
   * not applied that leader change yet).
   */
  static Errors check(int clientEpoch, int partitionEpoch) {
    if (clientEpoch < 0 || clientEpoch == partitionEpoch) {
      return Errors.NONE;
    }
    return clientEpoch < partitionEpoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
  }
}
