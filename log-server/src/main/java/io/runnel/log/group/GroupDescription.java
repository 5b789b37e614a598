package io.runnel.log.group;

import java.util.List;

/**
 * A group as DescribeGroups shows it. The protocol name and the members' metadata and assignments
 * are given only while the group is Stable (empty otherwise), as Kafka does.
 *
 * @param error NONE, or why the group could not be described (GROUP_ID_NOT_FOUND: the group does
 *     not exist; its state is then Dead)
 */
public record GroupDescription(
    GroupError error,
    String groupId,
    GroupState state,
    String protocolType,
    String protocolName,
    List<MemberDescription> members) {

  public GroupDescription {
    members = List.copyOf(members);
  }

  /** One member: ids, client id and host, and (Stable only) metadata and assignment. */
  public record MemberDescription(
      String memberId, String groupInstanceId, String clientId, String clientHost, byte[] metadata,
      byte[] assignment) {}

  static GroupDescription failed(GroupError error, String groupId) {
    return new GroupDescription(error, groupId, GroupState.DEAD, "", "", List.of());
  }
}
