package io.runnel.flink;

/**
 * A topology has a node flink-bridge cannot translate; thrown before any job is submitted. The
 * message names the node and says what to do.
 */
public class UnsupportedTopologyException extends RuntimeException {
  private final String node;

  /**
   * A refusal.
   *
   * @param node the name of the node that does not translate
   * @param message the whole message, naming the node
   */
  public UnsupportedTopologyException(String node, String message) {
    super(message);
    this.node = node;
  }

  /** The name of the node that does not translate, e.g. {@code KSTREAM-PROCESSOR-0000000003}. */
  public String node() {
    return node;
  }
}
