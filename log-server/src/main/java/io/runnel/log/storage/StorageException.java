package io.runnel.log.storage;

/**
 * The root of the storage engine's unchecked exceptions. The message names the partition, file or
 * setting involved and, where there is one, what to do about it.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
