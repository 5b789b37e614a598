package io.runnel.cli;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runnel server}: runs a log-server until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(name = "server", description = {
    "Run a log-server that Kafka clients, tools and frameworks use with their defaults.",
    "Listens on 'listeners' (default PLAINTEXT://127.0.0.1:9092) with data in 'log.dirs' (default ./runnel-data)."})
final class ServerCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of server settings (Kafka's names).")
  Path config;

  @Option(names = "--override", paramLabel = "KEY=VALUE", description = "A setting that wins over the file; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--help-config", description = "List the settings with their defaults and exit.")
  boolean helpConfig;

  @Override
  public Integer call() throws InterruptedException {
    if (helpConfig) {
      for (ServerConfig.Key key : ServerConfig.keys()) {
        System.out.printf("%-36s %-28s %s%n", key.name(), key.defaultValue() == null ? "(topic default)" : key.defaultValue(),
            key.doc());
      }
      return 0;
    }
    ServerConfig settings = ServerConfig.load(config, overrides);
    LogServer server = LogServer.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "runnel-shutdown"));
    System.out.println("runnel server started on " + server.host() + ":" + server.port() + " (node " + server.nodeId() + ")");
    System.out.println("data in " + settings.logDirs() + "; try: bin/runnel topics list --bootstrap-server "
        + server.bootstrapServers());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
