package io.runnel.log.storage;

/** A read below the log start offset or beyond the log end offset. */
public final class OffsetOutOfRangeException extends StorageException {
  private static final long serialVersionUID = 1L;

  public OffsetOutOfRangeException(String message) {
    super(message);
  }
}
