package io.runnel.log.group;

/**
 * A member named in a LeaveGroup: by member id, or (KIP-345, from an admin) by group instance id
 * with an empty member id.
 */
public record LeavingMember(String memberId, String groupInstanceId, String reason) {
  public LeavingMember {
    memberId = memberId == null ? "" : memberId;
  }
}
