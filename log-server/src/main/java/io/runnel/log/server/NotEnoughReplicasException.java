package io.runnel.log.server;

/** An acks=all produce to a partition with fewer in-sync replicas than min.insync.replicas (NOT_ENOUGH_REPLICAS); nothing was written. */
public final class NotEnoughReplicasException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotEnoughReplicasException(String message) {
    super(message);
  }
}
