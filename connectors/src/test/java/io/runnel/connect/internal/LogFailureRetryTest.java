package io.runnel.connect.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.connect.Await;
import io.runnel.connect.CountingSource;
import io.runnel.connect.RecordingSink;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.TaskStatus;
import io.runnel.connect.convert.JsonConverter;
import io.runnel.connect.convert.StringConverter;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Failures of the log (sends, offset stores, polls, commits) are retried for {@code
 * errors.retry.timeout.ms}, and fail the task without it.
 */
class LogFailureRetryTest {
  private final FailingLog log = new FailingLog();
  private final String name = "retry-" + UUID.randomUUID();

  private SourceTaskRunner sourceRunner(String retryTimeoutMs) {
    Map<String, String> config = new HashMap<>();
    config.put("name", name);
    config.put("connector.class", CountingSource.class.getName());
    config.put("topic", "counted");
    config.put("count", "6");
    config.put("errors.retry.timeout.ms", retryTimeoutMs);
    SourceOffsetStore offsets = new SourceOffsetStore(log, "offsets");
    offsets.load();
    return new SourceTaskRunner(
        name,
        0,
        new CountingSource.Task(),
        config,
        log,
        new TopicCreator(log, 1),
        offsets,
        new StringConverter(),
        new JsonConverter(),
        50,
        10,
        20);
  }

  private static Thread start(TaskRunner runner) {
    Thread thread = new Thread(runner, "test-" + runner.id());
    thread.start();
    return thread;
  }

  private List<String> values(String topic) {
    if (log.describeTopic(topic).isEmpty()) {
      return List.of();
    }
    return log.delegate.records(topic).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void failedSendsAndOffsetStoresAreRetriedUntilTheLogAcknowledges() throws InterruptedException {
    // The first sends of the records and then of the offsets fail.
    log.sendFailures.set(4);
    SourceTaskRunner runner = sourceRunner("60000");
    Thread thread = start(runner);
    Await.until("six records", () -> values("counted").size() >= 6);
    Await.until(
        "the offsets stored",
        () -> log.describeTopic("offsets").isPresent() && !log.delegate.records("offsets").isEmpty());
    runner.stop();
    thread.join();
    assertThat(runner.status().state()).isEqualTo(TaskStatus.State.STOPPED);
    assertThat(log.sendFailures.get()).isZero();
    assertThat(values("counted"))
        .containsExactlyInAnyOrder(
            "{\"n\":0}", "{\"n\":1}", "\"bad 2\"", "{\"n\":3}", "{\"n\":4}", "\"bad 5\"");
    List<LogRecord> stored = log.delegate.records("offsets");
    assertThat(new String(stored.get(stored.size() - 1).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"i\":5}");
  }

  @Test
  void withoutARetryTimeoutAFailedSendFailsTheTask() throws InterruptedException {
    log.sendFailures.set(1);
    SourceTaskRunner runner = sourceRunner("0");
    Thread thread = start(runner);
    Await.until("the failure", () -> runner.status().state() == TaskStatus.State.FAILED);
    thread.join();
    assertThat(runner.status().lastError())
        .contains("the log did not acknowledge 1 records")
        .contains("broker unreachable");
    assertThat(log.describeTopic("offsets").map(t -> log.delegate.records("offsets")))
        .hasValueSatisfying(records -> assertThat(records).isEmpty());
  }

  @Test
  void failedPollsAndCommitsOfASinkAreRetried() throws InterruptedException {
    log.createTopic(TopicSpec.of("in", 1));
    try (LogProducer producer = log.newProducer()) {
      for (int i = 0; i < 5; i++) {
        producer.send(new TopicPartition("in", 0), null, ("v" + i).getBytes(StandardCharsets.UTF_8), 0L);
      }
    }
    log.pollFailures.set(2);
    log.commitFailures.set(2);
    Map<String, String> config = Map.of("name", name, "errors.retry.timeout.ms", "-1");
    SinkTaskRunner runner =
        new SinkTaskRunner(
            name,
            0,
            new RecordingSink.Task(),
            config,
            log,
            List.of("in"),
            new StringConverter(),
            new StringConverter(),
            50,
            10,
            20);
    Thread thread = start(runner);
    TopicPartition tp = new TopicPartition("in", 0);
    try (LogConsumer group = log.delegate.newConsumer(SinkTaskRunner.groupId(name))) {
      Await.until(
          "the group's commit",
          () -> Long.valueOf(5).equals(group.committed(Set.of(tp)).get(tp)));
    }
    runner.stop();
    thread.join();
    assertThat(runner.status().state()).isEqualTo(TaskStatus.State.STOPPED);
    assertThat(log.pollFailures.get()).isZero();
    assertThat(log.commitFailures.get()).isZero();
    assertThat(RecordingSink.received(name))
        .extracting(SinkRecord::value)
        .containsExactly("v0", "v1", "v2", "v3", "v4");
  }

  @Test
  void aDeadLetterTheLogFailsIsSentAgainBeforeTheGroupCommits() throws InterruptedException {
    log.createTopic(TopicSpec.of("in", 1));
    try (LogProducer producer = log.newProducer()) {
      producer.send(new TopicPartition("in", 0), null, "{not json".getBytes(StandardCharsets.UTF_8), 0L);
      producer.send(new TopicPartition("in", 0), null, "{\"ok\":1}".getBytes(StandardCharsets.UTF_8), 0L);
    }
    log.sendFailures.set(2); // only the dead-letter producer sends from here on
    Map<String, String> config =
        Map.of(
            "name", name,
            "value.converter", "json",
            "errors.tolerance", "all",
            "errors.deadletterqueue.topic.name", "dlq",
            "errors.retry.timeout.ms", "-1");
    SinkTaskRunner runner =
        new SinkTaskRunner(
            name,
            0,
            new RecordingSink.Task(),
            config,
            log,
            List.of("in"),
            new StringConverter(),
            new JsonConverter(),
            50,
            10,
            20);
    Thread thread = start(runner);
    TopicPartition tp = new TopicPartition("in", 0);
    try (LogConsumer group = log.delegate.newConsumer(SinkTaskRunner.groupId(name))) {
      Await.until(
          "the group's commit",
          () -> Long.valueOf(2).equals(group.committed(Set.of(tp)).get(tp)));
    }
    runner.stop();
    thread.join();
    assertThat(log.sendFailures.get()).isZero();
    assertThat(values("dlq")).containsExactly("{not json");
    assertThat(runner.deadLetteredRecords()).isEqualTo(1);
    assertThat(runner.skippedRecords()).isEqualTo(1);
    assertThat(RecordingSink.received(name)).extracting(SinkRecord::value)
        .containsExactly(Map.of("ok", 1));
  }
}
