package io.runnel.log.storage;

/** A batch larger than the topic's {@code max.message.bytes}; nothing of the append was written. */
public final class RecordTooLargeException extends StorageException {
  private static final long serialVersionUID = 1L;

  public RecordTooLargeException(String message) {
    super(message);
  }
}
