package io.runnel.log.storage;

/** A topic or log configuration value that is unknown or out of range; the message names the key. */
public final class InvalidConfigException extends StorageException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }
}
