package io.runnel.log.group;

import java.util.List;
import java.util.Objects;

/**
 * A JoinGroup, as the coordinator needs it.
 *
 * @param memberId empty for a member joining for the first time
 * @param groupInstanceId the consumer's {@code group.instance.id} (static membership), or null
 * @param clientHost the client's address, for DescribeGroups
 * @param rebalanceTimeoutMs how long the coordinator waits for members to rejoin in a rebalance this
 *     member takes part in (JoinGroup v0 has none: give the session timeout)
 * @param protocols the protocols the member supports, most preferred first
 * @param requireKnownMemberId true from JoinGroup v4 (KIP-394): a first join gets {@link
 *     GroupError#MEMBER_ID_REQUIRED} and a member id to join with
 * @param supportsSkipAssignment true from JoinGroup v9: a static leader rejoining without change is
 *     told to skip the assignment instead of being left out
 * @param reason the client's reason, for the log; may be null
 */
public record JoinRequest(
    String groupId,
    String memberId,
    String groupInstanceId,
    String clientId,
    String clientHost,
    int sessionTimeoutMs,
    int rebalanceTimeoutMs,
    String protocolType,
    List<JoinProtocol> protocols,
    boolean requireKnownMemberId,
    boolean supportsSkipAssignment,
    String reason) {

  public JoinRequest {
    memberId = memberId == null ? "" : memberId;
    clientId = clientId == null ? "" : clientId;
    clientHost = clientHost == null ? "" : clientHost;
    protocolType = protocolType == null ? "" : protocolType;
    protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
  }
}
