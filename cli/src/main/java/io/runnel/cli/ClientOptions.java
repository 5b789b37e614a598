package io.runnel.cli;

import java.util.Properties;
import picocli.CommandLine.Option;

/** The connection options every client command shares. */
final class ClientOptions {
  @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
      description = "The server to connect to (default: ${DEFAULT-VALUE}).")
  String bootstrapServer;

  Properties properties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServer);
    p.put("client.id", "runnel-cli");
    return p;
  }
}
