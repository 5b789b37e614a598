package io.runnel.cli;

import io.runnel.connect.DistributedWorker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code runnel connect-distributed worker.properties}: a worker of a distributed connect group. */
@Command(name = "connect-distributed", description = {
    "Run a worker of a distributed connect group until Ctrl-C: workers with the same group.id",
    "share connectors and tasks through the log and take over a dead worker's tasks.",
    "Manage connectors through the REST API on rest.port (default 8083) of any worker."})
final class ConnectDistributedCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "WORKER_PROPERTIES",
      description = "The worker settings: bootstrap.servers, group.id, rest.port, session.timeout.ms, ...")
  Path worker;

  @Override
  public Integer call() {
    DistributedWorker.run(worker);
    return 0;
  }
}
