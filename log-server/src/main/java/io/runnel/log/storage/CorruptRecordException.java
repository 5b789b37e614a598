package io.runnel.log.storage;

/** A batch failed validation (size, magic, CRC, counts); nothing of the append was written. */
public final class CorruptRecordException extends StorageException {
  private static final long serialVersionUID = 1L;

  public CorruptRecordException(String message) {
    super(message);
  }
}
