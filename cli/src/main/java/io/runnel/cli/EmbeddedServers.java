package io.runnel.cli;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;

/** Starts the log-server that {@code quickstart} and {@code sample} embed. */
final class EmbeddedServers {
  private EmbeddedServers() {}

  /**
   * A single-node log-server on 127.0.0.1 with its data in {@code dataDir}.
   *
   * @param port the port, or 0 for a free one
   */
  static LogServer start(Path dataDir, int port) {
    return LogServer.start(ServerConfig.of(Map.of(
        "listeners", "PLAINTEXT://127.0.0.1:" + port,
        "log.dirs", dataDir.toAbsolutePath().toString(),
        "group.initial.rebalance.delay.ms", "0")));
  }
}
