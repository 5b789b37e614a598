package io.runnel.log.group;

import java.util.List;

/**
 * What a JoinGroup gets back once the rebalance it joined completes (or at once, on an error).
 *
 * @param memberId the member's id; for {@link GroupError#MEMBER_ID_REQUIRED}, the id to join with
 * @param generationId the new generation, or -1 on an error
 * @param protocolName the protocol chosen for the generation, or null on an error
 * @param leaderId the member that computes the assignment
 * @param skipAssignment true when the leader must not compute a new assignment (a static leader
 *     rejoined without change; JoinGroup v9+)
 * @param members every member with its metadata for the chosen protocol, for the leader only;
 *     empty for the others
 */
public record JoinResult(
    GroupError error,
    String memberId,
    int generationId,
    String protocolType,
    String protocolName,
    String leaderId,
    boolean skipAssignment,
    List<JoinedMember> members) {

  public JoinResult {
    members = List.copyOf(members);
  }

  /** A member as the leader sees it in the JoinGroup response. */
  public record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) {}

  public static JoinResult failed(GroupError error, String memberId) {
    return new JoinResult(error, memberId == null ? "" : memberId, -1, null, null, "", false, List.of());
  }

  public boolean isLeader() {
    return error == GroupError.NONE && memberId.equals(leaderId);
  }
}
