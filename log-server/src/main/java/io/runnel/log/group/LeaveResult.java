package io.runnel.log.group;

import java.util.List;

/**
 * The outcome of a LeaveGroup: a group-level error (then no member was handled) or one result per
 * leaving member, in request order.
 */
public record LeaveResult(GroupError error, List<MemberResult> members) {
  public LeaveResult {
    members = List.copyOf(members);
  }

  /** The outcome for one leaving member. */
  public record MemberResult(String memberId, String groupInstanceId, GroupError error) {}
}
