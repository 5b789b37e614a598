package io.runnel.cli;

import io.runnel.log.LogServer;
import io.runnel.samples.Sample;
import io.runnel.samples.SampleContext;
import io.runnel.samples.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runnel sample NAME}: runs one of the samples until Ctrl-C, against an embedded log-server
 * (data under the sample's directory) or the cluster named by {@code --bootstrap-server}.
 */
@Command(name = "sample", description = {
    "Run a sample app until Ctrl-C; without NAME, list the samples.",
    "Without --bootstrap-server it starts its own log-server with data in DIR/server."})
final class SampleCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "The sample to run.")
  String name;

  @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "HOST:PORT",
      description = "Run against this cluster instead of an embedded log-server.")
  String bootstrapServer;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The sample's directory: state, files and the embedded server's data (default ./runnel-data/samples/NAME).")
  Path dir;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A sample's own option; repeatable.")
  Map<String, String> options = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (name == null) {
      System.out.println("Samples (run one with: bin/runnel sample NAME):");
      for (Sample s : Samples.all()) {
        System.out.printf("  %-18s %s%n", s.name(), s.description());
      }
      return 0;
    }
    Sample sample = Samples.named(name).orElseThrow(() -> new IllegalArgumentException(
        "no sample named '" + name + "'; run 'bin/runnel sample' to list them"));
    Path workDir = dir != null ? dir : Path.of("runnel-data", "samples", name);
    Files.createDirectories(workDir);
    // The sample's own lines are what a person reads; the components' logs go to a file.
    Path logFile = workDir.resolve("sample.log");
    LogFiles.redirectTo(logFile);
    LogServer server = null;
    String servers = bootstrapServer;
    if (servers == null) {
      server = EmbeddedServers.start(workDir.resolve("server"), 0);
      servers = server.bootstrapServers();
      System.out.println("log-server started on " + servers + " (data in " + workDir.resolve("server") + ")");
    }
    System.out.println("sample " + name + ": " + sample.description());
    System.out.println("work directory " + workDir.toAbsolutePath() + " (log: " + logFile + "); Ctrl-C stops it");
    AutoCloseable running;
    try {
      running = sample.start(new SampleContext(servers, workDir, System.out, options));
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    LogServer ownServer = server;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("error while stopping the sample: " + e);
      }
      if (ownServer != null) {
        ownServer.close();
      }
      System.out.println("stopped; run the same command again to resume");
      stopped.countDown();
    }, "runnel-shutdown"));
    stopped.await();
    return 0;
  }
}
