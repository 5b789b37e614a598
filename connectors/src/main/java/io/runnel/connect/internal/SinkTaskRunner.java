package io.runnel.connect.internal;

import io.runnel.connect.Converter;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.SinkTask;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link SinkTask}: reads its topics as a member of the group {@code connect-<connector>},
 * converts and puts the records, and every {@code offset.flush.interval.ms} (and before giving up
 * partitions, and when stopping) asks the task to flush and only then commits the next offsets for
 * the group. A crash repeats what was put but not flushed; it never skips records. A put that
 * throws a {@link io.runnel.connect.RetriableException} is repeated with the same records.
 *
 * <p>Threading: everything but {@link #stop} runs on the task's thread, which owns the consumer.
 */
public final class SinkTaskRunner extends TaskRunner {
  private final SinkTask task;
  private final Map<String, String> taskConfig;
  private final Log log;
  private final List<String> inputTopics;
  private final Converter keyConverter;
  private final Converter valueConverter;
  private final long flushIntervalMs;
  private final long pollMs;

  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private boolean uncommitted;
  private LogConsumer consumer;

  /** A runner of {@code task} reading {@code inputTopics}; see {@link TaskRunner}. */
  public SinkTaskRunner(
      String connector,
      int taskId,
      SinkTask task,
      Map<String, String> taskConfig,
      Log log,
      List<String> inputTopics,
      Converter keyConverter,
      Converter valueConverter,
      long flushIntervalMs,
      long pollMs,
      long retryDelayMaxMs) {
    super(connector, taskId, retryDelayMaxMs);
    this.task = task;
    this.taskConfig = Map.copyOf(taskConfig);
    this.log = log;
    this.inputTopics = List.copyOf(inputTopics);
    this.keyConverter = keyConverter;
    this.valueConverter = valueConverter;
    this.flushIntervalMs = flushIntervalMs;
    this.pollMs = pollMs;
  }

  /** The consumer group of a sink connector's tasks, as Kafka Connect names it. */
  public static String groupId(String connector) {
    return "connect-" + connector;
  }

  @Override
  protected void runTask() {
    task.start(taskConfig);
    consumer = log.newConsumer(groupId(connector()));
    try {
      consumer.subscribe(inputTopics, new FlushOnRevoke());
      long nextCommit = System.currentTimeMillis() + flushIntervalMs;
      while (!stopping()) {
        List<LogRecord> records = consumer.poll(Duration.ofMillis(pollMs));
        if (!records.isEmpty() && !put(records)) {
          break; // stopped while retrying: those records are neither put nor committed
        }
        if (uncommitted && System.currentTimeMillis() >= nextCommit) {
          flushAndCommit(nextOffsets.keySet());
          nextCommit = System.currentTimeMillis() + flushIntervalMs;
        }
      }
      flushAndCommit(nextOffsets.keySet());
    } finally {
      // Leaving the group revokes every partition; what was flushed is committed already, and
      // after a failure nothing more may be committed.
      nextOffsets.clear();
      try {
        consumer.close();
      } finally {
        task.stop();
      }
    }
  }

  /** Puts {@code records}, retrying retriable failures; false if stopped before they were put. */
  private boolean put(List<LogRecord> records) {
    List<SinkRecord> converted = convert(records);
    Optional<Boolean> done =
        retrying(
            "put of " + converted.size() + " records",
            () -> {
              task.put(converted);
              return true;
            });
    if (done.isEmpty()) {
      return false;
    }
    for (LogRecord r : records) {
      nextOffsets.put(r.topicPartition(), r.offset() + 1);
    }
    uncommitted = true;
    return true;
  }

  private List<SinkRecord> convert(List<LogRecord> records) {
    List<SinkRecord> converted = new ArrayList<>(records.size());
    for (LogRecord r : records) {
      converted.add(
          new SinkRecord(
              r.topic(),
              r.partition(),
              r.offset(),
              keyConverter.toConnectData(r.topic(), r.key()),
              valueConverter.toConnectData(r.topic(), r.value()),
              List.of(),
              r.timestamp()));
    }
    return converted;
  }

  private void flushAndCommit(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      offsets.put(tp, nextOffsets.get(tp));
    }
    if (offsets.isEmpty()) {
      return;
    }
    task.flush(Map.copyOf(offsets));
    consumer.commit(offsets);
    if (offsets.size() == nextOffsets.size()) {
      uncommitted = false;
    }
  }

  /** Commits what was flushed of partitions before the group moves them to another member. */
  private final class FlushOnRevoke implements RebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      List<TopicPartition> owned = new ArrayList<>(partitions);
      owned.retainAll(nextOffsets.keySet());
      flushAndCommit(owned);
      owned.forEach(nextOffsets::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
  }
}
