package io.runnel.log.group;

/**
 * The offsets topic could not be read or written: a disk error, or a record this version cannot
 * decode. The message names the partition (and offset, when loading) and what to do.
 */
public final class GroupStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GroupStoreException(String message) {
    super(message);
  }

  public GroupStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
