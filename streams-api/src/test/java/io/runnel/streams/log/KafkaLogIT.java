package io.runnel.streams.log;

import io.runnel.log.LogServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Log contract on the kafka backend, against a real log-server on a loopback port. */
class KafkaLogIT extends LogContract {
  @TempDir static Path dir;
  private static LogServer server;

  @BeforeAll
  static void startServer() {
    server = TestLogServer.start(dir);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected Log openLog() {
    return Log.open(Map.of("log.backend", "kafka", "bootstrap.servers", server.bootstrapServers()));
  }
}
