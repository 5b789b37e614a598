package io.runnel.log.storage;

/** A batch from an older epoch of a producer id than one already appended. */
public final class ProducerFencedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public ProducerFencedException(String message) {
    super(message);
  }
}
