package io.runnel.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.connect.Await;
import io.runnel.connect.ConfigDef;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SourceConnector;
import io.runnel.connect.SourceRecord;
import io.runnel.connect.SourceTask;
import io.runnel.connect.SourceTaskContext;
import io.runnel.connect.StandaloneWorker;
import io.runnel.connect.rest.RestClient.Answer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of a standalone worker on the memory log, over real HTTP. */
class StandaloneRestApiTest {
  @TempDir Path dir;
  private final String logName = "rest-" + UUID.randomUUID();
  private StandaloneWorker worker;
  private RestClient rest;

  @BeforeEach
  void start() {
    worker =
        new StandaloneWorker(
            Map.of(
                "log.backend", "memory",
                "log.memory.name", logName,
                "offset.flush.interval.ms", "50",
                "poll.ms", "10",
                "rest.port", "0"));
    rest = new RestClient(worker.restUri());
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  private String fileSource(String name) {
    return RestClient.json(
        Map.of(
            "name",
            name,
            "config",
            Map.of(
                "connector.class", "file-source",
                "file.glob", dir.resolve("in/*.log").toString(),
                "topic", "lines")));
  }

  private List<String> values(String topic) {
    List<String> values = new ArrayList<>();
    if (MemoryLog.named(logName).describeTopic(topic).isEmpty()) {
      return values;
    }
    for (LogRecord r : MemoryLog.named(logName).records(topic)) {
      values.add(new String(r.value(), StandardCharsets.UTF_8));
    }
    return values;
  }

  private void append(int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append("line ").append(i).append('\n');
    }
    Path file = dir.resolve("in/app.log");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static List<String> lines(int from, int to) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add("line " + i);
    }
    return lines;
  }

  @Test
  void createsListsShowsAndDeletesAConnector() throws IOException {
    append(0, 10);
    Answer created = rest.call("POST", "connectors", fileSource("logs"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("name").asText()).isEqualTo("logs");
    assertThat(created.body().get("type").asText()).isEqualTo("source");
    assertThat(created.body().get("tasks")).hasSize(1);
    assertThat(created.body().at("/config/topic").asText()).isEqualTo("lines");

    assertThat(rest.get("connectors").body()).containsExactly(text("logs"));
    assertThat(rest.get("connectors/logs").body().get("name").asText()).isEqualTo("logs");
    assertThat(rest.get("connectors/logs/config").body().get("file.glob").asText())
        .isEqualTo(dir.resolve("in/*.log").toString());
    Await.until("10 lines in the topic", () -> values("lines").size() >= 10);

    JsonNode status = rest.get("connectors/logs/status").body();
    assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
    assertThat(status.at("/connector/worker_id").asText())
        .isEqualTo("127.0.0.1:" + worker.restUri().getPort());
    assertThat(status.at("/tasks/0/id").asInt()).isZero();
    assertThat(status.at("/tasks/0/state").asText()).isEqualTo("RUNNING");
    assertThat(status.at("/tasks/0/worker_id").asText()).isEqualTo(worker.workerId());

    assertThat(rest.call("DELETE", "connectors/logs", null).status()).isEqualTo(204);
    assertThat(rest.get("connectors").body()).isEmpty();
    assertThat(worker.status()).isEmpty();
    Answer gone = rest.get("connectors/logs/status");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().get("error_code").asInt()).isEqualTo(404);
    assertThat(gone.body().get("message").asText()).isEqualTo("connector 'logs' not found");
  }

  @Test
  void pauseStopsTheTaskAndResumeContinuesFromItsOffsets() throws IOException {
    append(0, 100);
    rest.call("POST", "connectors", fileSource("logs"));
    Await.until("100 lines in the topic", () -> values("lines").size() >= 100);

    assertThat(rest.call("PUT", "connectors/logs/pause", null).status()).isEqualTo(202);
    JsonNode paused = rest.get("connectors/logs/status").body();
    assertThat(paused.at("/connector/state").asText()).isEqualTo("PAUSED");
    assertThat(paused.at("/tasks/0/state").asText()).isEqualTo("PAUSED");
    assertThat(worker.status()).as("no task thread runs while paused").isEmpty();
    append(100, 200);

    assertThat(rest.call("PUT", "connectors/logs/resume", null).status()).isEqualTo(202);
    Await.until("200 lines in the topic", () -> values("lines").size() >= 200);
    assertThat(rest.get("connectors/logs/status").body().at("/tasks/0/state").asText())
        .isEqualTo("RUNNING");
    // The paused task stored its offset when it stopped: nothing is lost or read twice.
    assertThat(values("lines")).isEqualTo(lines(0, 200));
  }

  @Test
  void putConfigCreatesThenReconfigures() {
    Map<String, String> config =
        Map.of(
            "connector.class", "file-source",
            "file.glob", dir.resolve("in/*.log").toString(),
            "topic", "first");
    Answer created = rest.call("PUT", "connectors/logs/config", RestClient.json(config));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().at("/config/name").asText()).isEqualTo("logs");

    Map<String, String> changed = new java.util.HashMap<>(config);
    changed.put("topic", "second");
    Answer updated = rest.call("PUT", "connectors/logs/config", RestClient.json(changed));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(rest.get("connectors/logs/config").body().get("topic").asText())
        .isEqualTo("second");
    assertThat(worker.status()).hasSize(1);
  }

  @Test
  void badRequestsGetJsonErrorsNamingWhatIsWrong() {
    Answer missingKey =
        rest.call(
            "POST",
            "connectors",
            RestClient.json(
                Map.of("name", "x", "config", Map.of("connector.class", "file-source"))));
    assertThat(missingKey.status()).isEqualTo(400);
    assertThat(missingKey.body().get("error_code").asInt()).isEqualTo(400);
    assertThat(missingKey.body().get("message").asText()).contains("'file.glob'");

    Answer badClass =
        rest.call(
            "POST",
            "connectors",
            RestClient.json(Map.of("name", "x", "config", Map.of("connector.class", "nope"))));
    assertThat(badClass.status()).isEqualTo(400);
    assertThat(badClass.body().get("message").asText()).contains("'connector.class'", "nope");

    Answer badTasks =
        rest.call(
            "PUT",
            "connectors/x/config",
            RestClient.json(Map.of("connector.class", "file-source", "tasks.max", "many")));
    assertThat(badTasks.status()).isEqualTo(400);
    assertThat(badTasks.body().get("message").asText()).contains("'tasks.max'");

    Answer notJson = rest.call("POST", "connectors", "{name:");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().get("message").asText()).contains("not JSON");

    rest.call("POST", "connectors", fileSource("logs"));
    Answer twice = rest.call("POST", "connectors", fileSource("logs"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().get("message").asText()).contains("'logs'");

    assertThat(rest.call("PUT", "connectors/nope/pause", null).status()).isEqualTo(404);
    assertThat(rest.call("POST", "connectors/nope/restart", null).status()).isEqualTo(404);
    assertThat(rest.call("DELETE", "connectors/nope", null).status()).isEqualTo(404);
    assertThat(rest.get("nowhere").status()).isEqualTo(404);
    assertThat(rest.call("DELETE", "connectors", null).status()).isEqualTo(405);
    assertThat(rest.get("connectors").body()).containsExactly(text("logs"));
  }

  @Test
  void restartRunsAFailedTaskAgainAndStatusShowsTheTrace() {
    FailOnceSource.failNext.set(true);
    rest.call(
        "POST",
        "connectors",
        RestClient.json(
            Map.of(
                "name", "flaky",
                "config", Map.of("connector.class", FailOnceSource.class.getName()))));
    Await.until(
        "the task to fail",
        () -> rest.get("connectors/flaky/status").body().at("/tasks/0/state").asText()
            .equals("FAILED"));
    assertThat(rest.get("connectors/flaky/status").body().at("/tasks/0/trace").asText())
        .contains("source 'flaky' is unreadable");

    assertThat(rest.call("POST", "connectors/flaky/restart", null).status()).isEqualTo(204);
    JsonNode task = rest.get("connectors/flaky/status").body().at("/tasks/0");
    assertThat(task.get("state").asText()).isEqualTo("RUNNING");
    assertThat(task.has("trace")).isFalse();
  }

  @Test
  void listsTheConnectorPlugins() {
    JsonNode plugins = rest.get("connector-plugins").body();
    List<String> aliases = new ArrayList<>();
    plugins.forEach(p -> aliases.add(p.get("alias").asText() + ":" + p.get("type").asText()));
    assertThat(aliases)
        .containsExactly("file-sink:sink", "file-source:source", "jdbc-sink:sink",
            "jdbc-source:source");
    assertThat(plugins.get(0).get("class").asText())
        .isEqualTo("io.runnel.connect.file.FileSinkConnector");
  }

  private static JsonNode text(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
  }

  /** A source whose first task fails on its first poll; later tasks idle. */
  public static final class FailOnceSource implements SourceConnector {
    static final AtomicBoolean failNext = new AtomicBoolean();

    @Override
    public ConfigDef config() {
      return new ConfigDef();
    }

    @Override
    public void start(ParsedConfig config) {}

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
      return List.of(Map.of());
    }

    @Override
    public void stop() {}

    @Override
    public Class<? extends SourceTask> taskClass() {
      return Task.class;
    }

    /** Fails once, then returns nothing. */
    public static final class Task implements SourceTask {
      @Override
      public void initialize(SourceTaskContext context) {}

      @Override
      public void start(Map<String, String> config) {}

      @Override
      public List<SourceRecord> poll() {
        if (failNext.getAndSet(false)) {
          throw new IllegalStateException("source 'flaky' is unreadable");
        }
        return List.of();
      }

      @Override
      public void stop() {}
    }
  }
}
