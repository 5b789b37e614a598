package io.runnel.log.group;

/**
 * The outcomes a group operation reports to a client. Each has a Kafka error code of the same name;
 * the protocol layer translates (this package does not see the wire codec). These are expected
 * outcomes, returned as values, never thrown.
 */
public enum GroupError {
  NONE,
  /** The coordinator has not finished replaying the offsets topic; retry. */
  COORDINATOR_LOAD_IN_PROGRESS,
  /** The coordinator is closing, the group is being deleted, or the offsets topic cannot be written; retry. */
  COORDINATOR_NOT_AVAILABLE,
  /** Another node coordinates the groups (it holds {@code __consumer_offsets}); find it with FindCoordinator. */
  NOT_COORDINATOR,
  INVALID_GROUP_ID,
  GROUP_ID_NOT_FOUND,
  UNKNOWN_MEMBER_ID,
  /** KIP-394: a first JoinGroup without member id gets one and must join again with it. */
  MEMBER_ID_REQUIRED,
  ILLEGAL_GENERATION,
  REBALANCE_IN_PROGRESS,
  INCONSISTENT_GROUP_PROTOCOL,
  INVALID_SESSION_TIMEOUT,
  /** KIP-345: another member has taken over this member's group.instance.id. */
  FENCED_INSTANCE_ID,
  NON_EMPTY_GROUP,
  GROUP_SUBSCRIBED_TO_TOPIC,
  UNKNOWN_TOPIC_OR_PARTITION,
  OFFSET_METADATA_TOO_LARGE,
  INVALID_COMMIT_OFFSET_SIZE,
  /**
   * A write to the offsets topic was not on every in-sync replica within offsets.commit.timeout.ms;
   * it may still become durable. Retry.
   */
  REQUEST_TIMED_OUT
}
