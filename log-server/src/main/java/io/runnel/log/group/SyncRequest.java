package io.runnel.log.group;

import java.util.Map;

/**
 * A SyncGroup: the member's generation and, from the leader, the assignment of every member (an
 * opaque byte array each; members left out get an empty one).
 *
 * @param protocolType null unless the client sent it (SyncGroup v5+); checked against the group's
 * @param protocolName null unless the client sent it (SyncGroup v5+); checked against the group's
 */
public record SyncRequest(
    String groupId,
    int generationId,
    String memberId,
    String groupInstanceId,
    String protocolType,
    String protocolName,
    Map<String, byte[]> assignments) {

  public SyncRequest {
    memberId = memberId == null ? "" : memberId;
    assignments = Map.copyOf(assignments);
  }
}
