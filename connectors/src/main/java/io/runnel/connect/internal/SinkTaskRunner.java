package io.runnel.connect.internal;

import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.Converter;
import io.runnel.connect.ErrantRecordReporter;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.RetriableException;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.SinkTask;
import io.runnel.connect.SinkTaskContext;
import io.runnel.connect.internal.RecordErrorHandler.Stage;
import io.runnel.connect.transforms.TransformChain;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a {@link SinkTask}: reads its topics as a member of the group {@code connect-<connector>},
 * converts the records (headers included), runs the connector's transforms and puts what is left,
 * and every {@code offset.flush.interval.ms} (and before giving up partitions, and when stopping)
 * asks the task to flush, waits for the dead-letter topic to acknowledge what was sent to it, and
 * only then commits the next offsets for the group. A crash repeats what was put but not flushed;
 * it never skips records. A put that throws a {@link RetriableException} is repeated with the same
 * records.
 *
 * <p>A record that fails conversion or a transform, or that the task reports through its {@link
 * ErrantRecordReporter}, fails the task, or with {@code errors.tolerance=all} is skipped and, if
 * {@code errors.deadletterqueue.topic.name} is set, written there as it was read. Polls and commits
 * the log fails are retried for {@code errors.retry.timeout.ms}.
 *
 * <p>Threading: everything but {@link #stop} and the status methods runs on the task's thread,
 * which owns the consumer.
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
  private final long retryTimeoutMs;
  private final TransformChain<SinkRecord> transforms;
  private final RecordErrorHandler errors;

  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  /** The log record each record of the current put was made from, for the dead-letter topic. */
  private final Map<SinkRecord, LogRecord> originals = new IdentityHashMap<>();
  private boolean uncommitted;
  private LogConsumer consumer;

  /**
   * A runner of {@code task} reading {@code inputTopics}; see {@link TaskRunner}. The {@code
   * errors.*} and {@code transforms} keys are read from {@code taskConfig}, which holds the
   * connector's configuration.
   *
   * @throws io.runnel.connect.ConfigException naming a bad key
   */
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
    ParsedConfig common = ConnectorConfig.ERRORS.parse(taskConfig);
    this.retryTimeoutMs = common.getLong(ConnectorConfig.ERRORS_RETRY_TIMEOUT_MS);
    this.transforms = TransformChain.of(taskConfig);
    this.errors = new RecordErrorHandler(connector, taskId, common, log);
  }

  /** The consumer group of a sink connector's tasks, as Kafka Connect names it. */
  public static String groupId(String connector) {
    return "connect-" + connector;
  }

  @Override
  protected RecordErrorHandler errors() {
    return errors;
  }

  @Override
  protected void runTask() {
    SinkTaskContext context = () -> this::report;
    task.initialize(context);
    task.start(taskConfig);
    consumer = log.newConsumer(groupId(connector()));
    try {
      consumer.subscribe(inputTopics, new FlushOnRevoke());
      long nextCommit = System.currentTimeMillis() + flushIntervalMs;
      while (!stopping()) {
        Optional<List<LogRecord>> polled =
            retrying(
                "poll",
                retryTimeoutMs,
                TaskRunner::logFailure,
                () -> consumer.poll(Duration.ofMillis(pollMs)));
        if (polled.isEmpty()) {
          break;
        }
        List<LogRecord> records = polled.get();
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
        try {
          errors.close();
        } finally {
          task.stop();
        }
      }
    }
  }

  /** Puts {@code records}, retrying retriable failures; false if stopped before they were put. */
  private boolean put(List<LogRecord> records) {
    Optional<List<SinkRecord>> converted = convertAndTransform(records);
    if (converted.isEmpty()) {
      return false;
    }
    List<SinkRecord> batch = converted.get();
    if (!batch.isEmpty()) {
      Optional<Boolean> done =
          retrying(
              "put of " + batch.size() + " records",
              () -> {
                task.put(batch);
                return true;
              });
      originals.clear();
      if (done.isEmpty()) {
        return false;
      }
    }
    for (LogRecord r : records) {
      nextOffsets.put(r.topicPartition(), r.offset() + 1);
    }
    uncommitted = true;
    return true;
  }

  /** The records to put; records that failed and are tolerated are left out. Empty if stopped. */
  private Optional<List<SinkRecord>> convertAndTransform(List<LogRecord> records) {
    List<SinkRecord> converted = new ArrayList<>(records.size());
    originals.clear();
    for (LogRecord r : records) {
      Optional<Object> key;
      Optional<Object> value;
      try {
        key = attempt(
            retryTimeoutMs, "key conversion", () -> keyConverter.toConnectData(r.topic(), r.key()));
      } catch (RuntimeException e) {
        errors.failed(Stage.KEY_CONVERTER, keyConverter.getClass(), r, describe(r), e);
        continue;
      }
      try {
        value =
            attempt(
                retryTimeoutMs,
                "value conversion",
                () -> valueConverter.toConnectData(r.topic(), r.value()));
      } catch (RuntimeException e) {
        errors.failed(Stage.VALUE_CONVERTER, valueConverter.getClass(), r, describe(r), e);
        continue;
      }
      if (key == null || value == null) {
        return Optional.empty();
      }
      SinkRecord record =
          new SinkRecord(
              r.topic(),
              r.partition(),
              r.offset(),
              key.orElse(null),
              value.orElse(null),
              HeaderCodec.fromLog(r.headers()),
              r.timestamp());
      if (!transforms.isEmpty()) {
        Optional<SinkRecord> transformed;
        try {
          transformed = attempt(retryTimeoutMs, "transforms", () -> transforms.apply(record));
        } catch (RuntimeException e) {
          Class<?> failed =
              e instanceof TransformChain.TransformException
                  ? ((TransformChain.TransformException) e).transformClass()
                  : TransformChain.class;
          errors.failed(Stage.TRANSFORMATION, failed, r, describe(r), e);
          continue;
        }
        if (transformed == null) {
          return Optional.empty();
        }
        if (transformed.isEmpty()) {
          continue; // filtered out
        }
        converted.add(transformed.get());
        originals.put(transformed.get(), r);
      } else {
        converted.add(record);
        originals.put(record, r);
      }
    }
    return Optional.of(converted);
  }

  /** The task reported {@code record} as bad: fail, or skip and dead-letter it. */
  private void report(SinkRecord record, Throwable error) {
    LogRecord original = originals.get(record);
    if (original == null) {
      // The task reported a copy: find the record by its position in the log.
      for (LogRecord r : originals.values()) {
        if (r.partition() == record.partition() && r.offset() == record.offset()) {
          original = r;
          break;
        }
      }
    }
    String describe =
        original != null
            ? describe(original)
            : "topic '" + record.topic() + "' partition " + record.partition() + " offset "
                + record.offset();
    errors.failed(Stage.TASK_PUT, task.getClass(), original, describe, error);
  }

  private static String describe(LogRecord r) {
    return "topic '" + r.topic() + "' partition " + r.partition() + " offset " + r.offset();
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
    Optional<Boolean> committed =
        retrying(
            "commit",
            retryTimeoutMs,
            TaskRunner::logFailure,
            () -> {
              // Dead letters first: a committed offset must never cover a lost bad record.
              errors.awaitDeadLetters();
              consumer.commit(offsets);
              return true;
            });
    if (committed.isPresent() && offsets.size() == nextOffsets.size()) {
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
