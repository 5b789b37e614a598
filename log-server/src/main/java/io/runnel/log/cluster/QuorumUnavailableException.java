package io.runnel.log.cluster;

/** The metadata quorum did not answer in time: fewer than a majority of the voters are reachable. */
public final class QuorumUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QuorumUnavailableException(String message) {
    super(message);
  }
}
