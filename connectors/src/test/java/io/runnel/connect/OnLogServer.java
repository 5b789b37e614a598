package io.runnel.connect;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the integration tests that run workers against a real log-server: one server per test on
 * a free loopback port with its data under the test's temporary directory, and a worker
 * configuration pointing at it.
 */
abstract class OnLogServer {
  @TempDir Path dir;
  LogServer server;

  @BeforeEach
  void startServer() throws IOException {
    server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", Files.createDirectories(dir.resolve("server")).toString(),
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "3")));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A worker on the server: group {@code it}, offsets flushed every 200 ms. */
  Map<String, String> workerConfig() {
    return Map.of(
        "bootstrap.servers", server.bootstrapServers(),
        "group.id", "it",
        "offset.flush.interval.ms", "200");
  }
}
