package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone worker on the memory backend: validation, resume after restart, sink commits. */
class StandaloneWorkerTest {
  @TempDir Path dir;
  private final String logName = "connect-" + UUID.randomUUID();
  private final Map<String, String> workerConfig =
      Map.of("log.backend", "memory", "log.memory.name", logName, "offset.flush.interval.ms", "50");

  private Map<String, String> fileSource() {
    return Map.of(
        "name", "logs",
        "connector.class", "file-source",
        "file.glob", dir.resolve("in/*.log").toString(),
        "topic", "lines",
        "batch.max.lines", "7");
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

  private static void appendLines(Path file, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append("line ").append(i).append('\n');
    }
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
  void aWorkerRestartedMidFileResumesWithoutLossOrDuplicates() throws IOException {
    Path app = dir.resolve("in/app.log");
    appendLines(app, 0, 50_000);

    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(fileSource());
      Await.until("some lines", () -> values("lines").size() >= 100);
    } // stopped mid-file: 7 lines per poll cannot have read 50,000 lines yet
    int firstRun = values("lines").size();
    assertThat(firstRun).isBetween(100, 49_999);

    appendLines(app, 50_000, 50_100);
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(fileSource());
      Await.until("every line", () -> values("lines").size() >= 50_100);
      assertThat(worker.status())
          .extracting(TaskStatus::state)
          .containsExactly(TaskStatus.State.RUNNING);
    }
    assertThat(values("lines")).isEqualTo(lines(0, 50_100));
    MemoryLog log = MemoryLog.named(logName);
    assertThat(log.records("lines").get(0).key())
        .isEqualTo(app.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(log.describeTopic("runnel-connect-offsets")).isPresent();
  }

  @Test
  void fileSourceThroughTheLogToFileSinkCommitsTheSinkGroup() throws IOException {
    Path out = dir.resolve("out/lines.txt");
    appendLines(dir.resolve("in/a.log"), 0, 50);
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(fileSource());
      worker.startConnector(
          Map.of(
              "name", "archive",
              "connector.class", "file-sink",
              "topics", "lines",
              "file", out.toString()));
      assertThat(worker.connectors()).containsExactly("logs", "archive");
      Await.until("the sink file", () -> Files.exists(out) && readLines(out).size() >= 50);
    }
    assertThat(readLines(out)).isEqualTo(lines(0, 50));

    // A restarted sink resumes from its group's committed offsets: nothing is written twice.
    appendLines(dir.resolve("in/a.log"), 50, 60);
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(fileSource());
      worker.startConnector(
          Map.of(
              "name", "archive",
              "connector.class", "file-sink",
              "topics", "lines",
              "file", out.toString()));
      Await.until("the new lines", () -> readLines(out).size() >= 60);
    }
    assertThat(readLines(out)).isEqualTo(lines(0, 60));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void invalidConfigurationsNameTheKey() {
    assertThatThrownBy(() -> new StandaloneWorker(Map.of("log.backend", "memory", "poll.ms", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'poll.ms'");
    assertThatThrownBy(() -> new StandaloneWorker(Map.of("log.backend", "kafka")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");

    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      assertThatThrownBy(() -> worker.startConnector(Map.of("name", "x")))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'connector.class'");
      assertThatThrownBy(
              () -> worker.startConnector(Map.of("name", "x", "connector.class", "nope")))
          .hasMessageContaining("'connector.class'")
          .hasMessageContaining("nope");
      assertThatThrownBy(
              () -> worker.startConnector(Map.of("name", "x", "connector.class", "file-source")))
          .hasMessageContaining("'file.glob'");
      assertThatThrownBy(
              () ->
                  worker.startConnector(
                      Map.of("name", "x", "connector.class", "file-sink", "file", "/tmp/x")))
          .hasMessageContaining("'topics'");
      assertThat(worker.connectors()).isEmpty();
    }
  }

  @Test
  void aFailingTaskReportsItsErrorAndOthersKeepRunning() {
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig)) {
      worker.startConnector(
          Map.of(
              "name", "bad",
              "connector.class", FailingSource.class.getName(),
              "topic", "t"));
      Await.until("the failure", () -> worker.status().get(0).state() == TaskStatus.State.FAILED);
      assertThat(worker.status().get(0).lastError()).contains("source 'broken' is unreadable");
    }
  }

  @Test
  void aRetriableFailureIsRetriedWithoutLosingOrRepeatingRecords() {
    MemoryLog log = MemoryLog.named(logName);
    log.createTopic(TopicSpec.of("in", 1));
    try (LogProducer producer = log.newProducer()) {
      for (int i = 0; i < 20; i++) {
        producer.send(
            new TopicPartition("in", 0), null, ("r" + i).getBytes(StandardCharsets.UTF_8), 0L);
      }
    }
    FlakySink.failuresLeft.set(3);
    FlakySink.received.clear();
    Map<String, String> config = new HashMap<>(workerConfig);
    config.put("errors.retry.delay.max.ms", "20");
    try (StandaloneWorker worker = new StandaloneWorker(config)) {
      worker.startConnector(
          Map.of("name", "flaky", "connector.class", FlakySink.class.getName(), "topics", "in"));
      Await.until("20 records put", () -> FlakySink.received.size() >= 20);
      assertThat(worker.status())
          .extracting(TaskStatus::state)
          .containsExactly(TaskStatus.State.RUNNING);
    }
    assertThat(FlakySink.failuresLeft.get()).isZero();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add("r" + i);
    }
    assertThat(FlakySink.received).isEqualTo(expected);
  }

  /** A sink whose first puts fail as a database that is down would. */
  public static final class FlakySink implements SinkConnector {
    static final AtomicInteger failuresLeft = new AtomicInteger();
    static final List<Object> received = new CopyOnWriteArrayList<>();

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
    public Class<? extends SinkTask> taskClass() {
      return Task.class;
    }

    /** Fails retriably while failures are left, then records the values. */
    public static final class Task implements SinkTask {
      @Override
      public void start(Map<String, String> config) {}

      @Override
      public void put(Collection<SinkRecord> records) {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new RetriableException("database 'test' is down", null);
        }
        records.forEach(r -> received.add(r.value()));
      }

      @Override
      public void flush(Map<TopicPartition, Long> offsets) {}

      @Override
      public void stop() {}
    }
  }

  /** A source whose task fails on its first poll. */
  public static final class FailingSource implements SourceConnector {
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

    /** Fails. */
    public static final class Task implements SourceTask {
      @Override
      public void initialize(SourceTaskContext context) {}

      @Override
      public void start(Map<String, String> config) {}

      @Override
      public List<SourceRecord> poll() {
        throw new ConnectException("source 'broken' is unreadable");
      }

      @Override
      public void stop() {}
    }
  }
}
