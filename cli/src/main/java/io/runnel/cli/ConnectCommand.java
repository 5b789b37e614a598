package io.runnel.cli;

import io.runnel.connect.StandaloneWorker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code runnel connect worker.properties connector.properties...}: a standalone connect worker. */
@Command(name = "connect", description = {
    "Run connectors in a standalone worker until Ctrl-C; offsets are kept in the log.",
    "Serves the REST API on rest.port (default 8083; connectors created there are not persisted).",
    "Connectors: file-source, file-sink, jdbc-source, jdbc-sink (see connectors/README.md)."})
final class ConnectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WORKER_PROPERTIES",
      description = "The worker settings: bootstrap.servers, group.id, key.converter, value.converter, ...")
  Path worker;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "CONNECTOR_PROPERTIES",
      description = "One file per connector: name, connector.class, tasks.max and its own settings.")
  List<Path> connectors;

  @Override
  public Integer call() {
    StandaloneWorker.run(worker, connectors);
    return 0;
  }
}
