package io.runnel.streams.log;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;

/** Starts a real single-node log-server for this module's integration tests. */
public final class TestLogServer {
  private TestLogServer() {}

  /** A log-server on an ephemeral loopback port, storing its log in {@code dir}. */
  public static LogServer start(Path dir) {
    return LogServer.start(
        ServerConfig.of(
            Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.toString(),
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "3")));
  }
}
