package io.runnel.log.group;

/** What a SyncGroup gets back: the member's assignment of the generation, or an error. */
public record SyncResult(GroupError error, String protocolType, String protocolName, byte[] assignment) {
  public static SyncResult failed(GroupError error) {
    return new SyncResult(error, null, null, new byte[0]);
  }
}
