package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.connect.rest.RestClient;
import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two distributed workers against a real log-server: a file-source -> file-sink pipeline created
 * through the REST API of worker 1 spreads over both; worker 2 (a child JVM) is killed with
 * SIGKILL, and worker 1 takes its tasks over within the session timeout; every line reaches the
 * sink file.
 */
class DistributedWorkersIT {
  @TempDir Path dir;
  private LogServer server;
  private DistributedWorker worker1;
  private Process worker2;

  @BeforeEach
  void startServer() throws IOException {
    server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", Files.createDirectories(dir.resolve("server")).toString(),
                    "group.initial.rebalance.delay.ms", "0",
                    "group.min.session.timeout.ms", "500",
                    "offsets.topic.num.partitions", "3")));
  }

  @AfterEach
  void stopAll() {
    if (worker2 != null) {
      worker2.destroyForcibly();
    }
    if (worker1 != null) {
      worker1.close();
    }
    server.close();
  }

  private Map<String, String> workerConfig() {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", server.bootstrapServers());
    config.put("group.id", "cluster");
    config.put("offset.flush.interval.ms", "200");
    config.put("poll.ms", "50");
    config.put("session.timeout.ms", "2000");
    config.put("heartbeat.interval.ms", "400");
    config.put("rest.port", "0");
    return config;
  }

  /** Starts worker 2 in a child JVM and returns its REST address. */
  private URI startChildWorker() throws IOException {
    Properties props = new Properties();
    props.putAll(workerConfig());
    Path file = dir.resolve("worker2.properties");
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, null);
    }
    Path output = dir.resolve("worker2.out");
    worker2 =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DistributedWorkerProcess.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    String[] rest = new String[1];
    Await.until(
        "worker 2 to print its REST address (see " + output + ")",
        () -> {
          for (String line : readLines(output)) {
            if (line.startsWith("rest=")) {
              rest[0] = line.substring("rest=".length());
              return true;
            }
          }
          assertThat(worker2.isAlive()).as("worker 2 is alive (see %s)", output).isTrue();
          return false;
        });
    return URI.create(rest[0]);
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void append(Path file, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append(String.format("line-%06d%n", i));
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static Set<String> expected(int from, int to) {
    Set<String> lines = new LinkedHashSet<>();
    for (int i = from; i < to; i++) {
      lines.add(String.format("line-%06d", i));
    }
    return lines;
  }

  /** The worker ids of every task of both connectors, once each runs; else null. */
  private static Set<String> runningOn(RestClient rest) {
    Set<String> workers = new HashSet<>();
    for (String name : List.of("shipper", "archive")) {
      JsonNode status = rest.get("connectors/" + name + "/status").body();
      if (status == null || !status.has("tasks") || status.get("tasks").isEmpty()) {
        return null;
      }
      for (JsonNode task : status.get("tasks")) {
        if (!task.get("state").asText().equals("RUNNING")) {
          return null;
        }
        workers.add(task.get("worker_id").asText());
      }
    }
    return workers;
  }

  @Test
  void tasksSpreadAndMoveToTheSurvivorWhenAWorkerIsKilled() throws IOException {
    worker1 = new DistributedWorker(workerConfig());
    RestClient rest1 = new RestClient(worker1.restUri());
    URI uri2 = startChildWorker();
    RestClient rest2 = new RestClient(uri2);
    String id2 = uri2.getHost() + ":" + uri2.getPort();

    Path app = dir.resolve("logs/app.log");
    Path out = dir.resolve("archive/app.txt");
    append(app, 0, 300);
    Map<String, Object> source =
        Map.of(
            "name", "shipper",
            "config",
            Map.of(
                "connector.class", "file-source",
                "file.glob", dir.resolve("logs/*.log").toString(),
                "topic", "app-logs"));
    Map<String, Object> sink =
        Map.of(
            "name", "archive",
            "config",
            Map.of(
                "connector.class", "file-sink",
                "topics", "app-logs",
                "file", out.toString()));
    assertThat(rest1.call("POST", "connectors", RestClient.json(source)).status()).isEqualTo(201);
    assertThat(rest1.call("POST", "connectors", RestClient.json(sink)).status()).isEqualTo(201);

    // Worker 2 sees what was created on worker 1, and the two tasks run one on each worker.
    Await.until(
        "worker 2 to list both connectors",
        () -> rest2.get("connectors").body().size() == 2);
    Await.until(
        "the tasks to spread over both workers",
        () -> Set.of(worker1.workerId(), id2).equals(runningOn(rest1)));
    Await.until("300 archived lines", () -> new HashSet<>(readLines(out)).size() >= 300);

    worker2.destroyForcibly(); // SIGKILL: no offsets stored, no group left
    assertThat(worker2.onExit().join().exitValue()).isNotZero();
    append(app, 300, 600);

    Await.until(
        "worker 1 to run every task",
        () -> Set.of(worker1.workerId()).equals(runningOn(rest1)));
    Set<String> want = expected(0, 600);
    Await.until(
        "every line in the sink file", () -> new HashSet<>(readLines(out)).containsAll(want));

    List<String> lines = readLines(out);
    List<String> unexpected = new ArrayList<>(lines);
    unexpected.removeAll(want);
    // At least once: what the killed worker sent or put after its last offset store or group
    // commit is delivered again, so lines may repeat. A SIGKILL in the middle of the sink's write
    // may also leave one torn line behind, whose content arrives again whole.
    assertThat(unexpected).hasSizeLessThanOrEqualTo(1);
    assertThat(lines.size()).isGreaterThanOrEqualTo(600);
  }
}
