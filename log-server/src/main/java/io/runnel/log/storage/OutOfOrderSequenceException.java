package io.runnel.log.storage;

/** An idempotent producer's batch whose sequence does not follow the last one appended. */
public final class OutOfOrderSequenceException extends StorageException {
  private static final long serialVersionUID = 1L;

  public OutOfOrderSequenceException(String message) {
    super(message);
  }
}
