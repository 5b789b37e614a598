package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real log-server: file-source -> topic -> file-sink, through a log rotation,
 * and a worker restart that reads the source offsets and the sink group back from the server.
 */
class FileConnectorsIT extends OnLogServer {
  private Map<String, String> source() {
    return Map.of(
        "name", "shipper",
        "connector.class", "file-source",
        "file.glob", dir.resolve("logs/*.log").toString(),
        "topic", "app-logs");
  }

  private Map<String, String> sink() {
    return Map.of(
        "name", "archive",
        "connector.class", "file-sink",
        "topics", "app-logs",
        "file", dir.resolve("archive/app.txt").toString(),
        "file.roll.bytes", "1000000");
  }

  @Test
  void linesFlowThroughTheLogAndSurviveRotationAndARestart() throws IOException {
    Path app = dir.resolve("logs/app.log");
    append(app, 0, 200);
    Path out = dir.resolve("archive/app.txt");

    try (StandaloneWorker worker = new StandaloneWorker(workerConfig())) {
      worker.startConnector(source());
      worker.startConnector(sink());
      Await.until("200 archived lines", () -> lines(out).size() >= 200);
      Files.move(app, dir.resolve("logs/app.log.1"));
      append(app, 200, 300);
      Await.until("300 archived lines", () -> lines(out).size() >= 300);
    }
    assertThat(lines(out)).isEqualTo(expected(0, 300));

    append(app, 300, 400);
    try (StandaloneWorker worker = new StandaloneWorker(workerConfig())) {
      worker.startConnector(source());
      worker.startConnector(sink());
      Await.until("400 archived lines", () -> lines(out).size() >= 400);
      assertThat(worker.status())
          .extracting(TaskStatus::state)
          .containsOnly(TaskStatus.State.RUNNING);
    }
    assertThat(lines(out)).isEqualTo(expected(0, 400));
    assertThat(topicValues("app-logs")).isEqualTo(expected(0, 400));
    assertThat(topicValues("it-connect-offsets")).isNotEmpty();
  }

  private List<String> topicValues(String topic) {
    try (Log log = Log.open(Map.of("bootstrap.servers", server.bootstrapServers()));
        LogConsumer consumer = log.newConsumer(null)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (LogRecord r : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
      return values;
    }
  }

  private static void append(Path file, int from, int to) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      text.append("event ").append(i).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static List<String> expected(int from, int to) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add("event " + i);
    }
    return lines;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
