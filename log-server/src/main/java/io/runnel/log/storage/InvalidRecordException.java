package io.runnel.log.storage;

/** A well-formed batch that this log refuses, e.g. a record without a key on a compacted topic. */
public final class InvalidRecordException extends StorageException {
  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String message) {
    super(message);
  }
}
