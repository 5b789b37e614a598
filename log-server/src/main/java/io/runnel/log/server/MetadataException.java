package io.runnel.log.server;

/** A topic operation refused, with the reason a client gets as a Kafka error code. */
public final class MetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, in the terms of Kafka's error codes. */
  public enum Reason {
    TOPIC_ALREADY_EXISTS,
    UNKNOWN_TOPIC,
    INVALID_TOPIC,
    INVALID_PARTITIONS,
    INVALID_REPLICATION_FACTOR,
    INVALID_CONFIG,
    /** No majority of the metadata quorum answered in time; the client may retry. */
    QUORUM_UNAVAILABLE,
    /** An ISR change from a leader whose view of the partition is out of date; it retries on the newer state. */
    STALE_PARTITION_STATE,
    /**
     * An ISR change that adds a broker which is fenced or not registered (Kafka's INELIGIBLE_REPLICA, KIP-841):
     * a stopping or stopped node, still fetching or not, does not rejoin an ISR until it registers again.
     */
    INELIGIBLE_REPLICA
  }

  private final Reason reason;

  public MetadataException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
