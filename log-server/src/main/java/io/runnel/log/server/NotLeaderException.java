package io.runnel.log.server;

/** This node does not (or no longer) lead the partition: the client refreshes its metadata (NOT_LEADER_OR_FOLLOWER). */
public final class NotLeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotLeaderException(String message) {
    super(message);
  }
}
