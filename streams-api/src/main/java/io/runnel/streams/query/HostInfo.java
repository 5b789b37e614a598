package io.runnel.streams.query;

import java.util.Objects;

/**
 * Where an instance can be reached, as its {@code application.server} says.
 *
 * @param host the host name or address
 * @param port the port
 */
public record HostInfo(String host, int port) {
  /** Checks the fields. */
  public HostInfo {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port of " + host + " must be 0..65535: " + port);
    }
  }

  /**
   * Parses {@code host:port}.
   *
   * @throws IllegalArgumentException naming the text if it is not {@code host:port}
   */
  public static HostInfo parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    try {
      return new HostInfo(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'", e);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
