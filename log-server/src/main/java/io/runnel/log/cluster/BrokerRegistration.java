package io.runnel.log.cluster;

/**
 * A broker as the quorum knows it: node id, the client endpoint it registered (its advertised
 * listener) and whether it is fenced (its session timed out: it leads nothing and Metadata does not
 * list it). Immutable.
 */
public record BrokerRegistration(int nodeId, String host, int port, boolean fenced) {
  BrokerRegistration fence() {
    return new BrokerRegistration(nodeId, host, port, true);
  }
}
