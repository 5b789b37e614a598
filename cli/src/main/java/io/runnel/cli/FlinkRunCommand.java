package io.runnel.cli;

import io.runnel.flink.FlinkJob;
import io.runnel.flink.FlinkRunner;
import io.runnel.flink.TopologySource;
import io.runnel.log.LogServer;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.Topology;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel flink-run --app CLASS}: runs a streams app's topology on Apache Flink, on a local
 * MiniCluster in this JVM, until Ctrl-C. CLASS has {@code public static Topology topology()} and may
 * have {@code public static Map<String, String> config()}; {@code --config} overrides that.
 */
@Command(name = "flink-run", description = {
    "Run a streams app's topology on Apache Flink (a local MiniCluster) until Ctrl-C.",
    "CLASS needs 'public static Topology topology()'; 'public static Map<String,String> config()' is optional.",
    "Without --bootstrap-server it starts its own log-server (data in DIR/server) and creates the app's topics there."})
final class FlinkRunCommand implements Callable<Integer> {

  @Option(names = "--app", required = true, paramLabel = "CLASS",
      description = "The app class, on the class path (e.g. io.runnel.samples.logs.LogAggregation).")
  String app;

  @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "HOST:PORT",
      description = "Run against this cluster instead of an embedded log-server.")
  String bootstrapServer;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
      description = "The Flink job's parallelism (default ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
      description = "Partitions of the topics created on an embedded log-server (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where an embedded log-server keeps its data (default ./runnel-data/flink-run).")
  Path dir;

  @Option(names = "--config", paramLabel = "KEY=VALUE",
      description = "An app or bridge setting (application.id, flink.checkpoint.interval.ms, ...); repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Topology topology = TopologySource.ofClass(app).topology();
    FlinkRunner.check(topology); // refuse before starting anything
    Map<String, String> config = new LinkedHashMap<>(appConfig());
    config.putIfAbsent(StreamsConfig.APPLICATION_ID, "flink-" + app.substring(app.lastIndexOf('.') + 1));
    config.putAll(overrides);
    config.put(FlinkRunner.PARALLELISM, Integer.toString(parallelism));
    LogServer server = null;
    String servers = bootstrapServer;
    if (servers == null) {
      Path workDir = dir != null ? dir : Path.of("runnel-data", "flink-run");
      Files.createDirectories(workDir);
      server = EmbeddedServers.start(workDir.resolve("server"), 0);
      servers = server.bootstrapServers();
      System.out.println("log-server started on " + servers + " (data in " + workDir.resolve("server") + ")");
    }
    config.put(StreamsConfig.BOOTSTRAP_SERVERS, servers);
    if (server != null) {
      createTopics(servers, topology);
    }
    FlinkJob job = FlinkRunner.start(TopologySource.ofClass(app), config);
    System.out.println("Flink job " + job.id() + " runs " + app + " (application.id "
        + config.get(StreamsConfig.APPLICATION_ID) + ", parallelism " + parallelism + "); Ctrl-C stops it");
    CountDownLatch stopped = new CountDownLatch(1);
    LogServer ownServer = server;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        job.close();
      } catch (RuntimeException e) {
        System.err.println("error while cancelling the Flink job: " + e.getMessage());
      }
      if (ownServer != null) {
        ownServer.close();
      }
      System.out.println("stopped; run the same command again to resume from the committed offsets");
      stopped.countDown();
    }, "runnel-shutdown"));
    stopped.await();
    return 0;
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> appConfig() throws ReflectiveOperationException {
    Class<?> type = Class.forName(app);
    Method method;
    try {
      method = type.getMethod("config");
    } catch (NoSuchMethodException e) {
      return Map.of();
    }
    return (Map<String, String>) method.invoke(null);
  }

  private void createTopics(String servers, Topology topology) throws InterruptedException {
    List<NewTopic> topics = new ArrayList<>();
    for (String topic : FlinkRunner.topics(topology)) {
      topics.add(new NewTopic(topic, partitions, (short) 1));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic '" + topic.name() + "': " + e.getCause(), e);
          }
        }
      }
    }
  }
}
