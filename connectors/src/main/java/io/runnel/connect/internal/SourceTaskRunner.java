package io.runnel.connect.internal;

import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.Converter;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.RetriableException;
import io.runnel.connect.SourceRecord;
import io.runnel.connect.SourceTask;
import io.runnel.connect.internal.RecordErrorHandler.Stage;
import io.runnel.connect.transforms.TransformChain;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SourceTask}: polls it, stamps each record without a timestamp with the time, runs
 * the connector's transforms, converts and sends what is left with its headers, and every {@code
 * offset.flush.interval.ms} (and when stopping) waits for the log to acknowledge what was sent and
 * only then stores the latest source offset of each source partition. A poll that throws a {@link
 * RetriableException} is repeated after a growing delay. A crash between the two repeats records on
 * restart; it never skips any.
 *
 * <p>A record that fails a transform or conversion fails the task, or with {@code
 * errors.tolerance=all} is skipped (logged if {@code errors.log.enable}; source records have no
 * bytes to dead-letter, as in Kafka Connect). Skipped and filtered records still advance the source
 * offset. Records the log fails are sent again, and the offsets stored only once all are
 * acknowledged, for up to {@code errors.retry.timeout.ms}.
 *
 * <p>Threading: everything but {@link #stop} and the status methods runs on the task's thread,
 * which owns the producer.
 */
public final class SourceTaskRunner extends TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SourceTaskRunner.class);

  private final SourceTask task;
  private final Map<String, String> taskConfig;
  private final Log log;
  private final TopicCreator topics;
  private final SourceOffsetStore offsets;
  private final Converter keyConverter;
  private final Converter valueConverter;
  private final long flushIntervalMs;
  private final long pollMs;
  private final long retryTimeoutMs;
  private final TransformChain<SourceRecord> transforms;
  private final RecordErrorHandler errors;

  private final Map<Map<String, ?>, Map<String, ?>> pendingOffsets = new LinkedHashMap<>();
  private final PendingSends pendingSends = new PendingSends();
  private int roundRobin;

  /**
   * A runner of {@code task}; see {@link TaskRunner} for the lifecycle. The {@code errors.*} and
   * {@code transforms} keys are read from {@code taskConfig}, which holds the connector's
   * configuration.
   *
   * @throws io.runnel.connect.ConfigException naming a bad key
   */
  public SourceTaskRunner(
      String connector,
      int taskId,
      SourceTask task,
      Map<String, String> taskConfig,
      Log log,
      TopicCreator topics,
      SourceOffsetStore offsets,
      Converter keyConverter,
      Converter valueConverter,
      long flushIntervalMs,
      long pollMs,
      long retryDelayMaxMs) {
    super(connector, taskId, retryDelayMaxMs);
    this.task = task;
    this.taskConfig = Map.copyOf(taskConfig);
    this.log = log;
    this.topics = topics;
    this.offsets = offsets;
    this.keyConverter = keyConverter;
    this.valueConverter = valueConverter;
    this.flushIntervalMs = flushIntervalMs;
    this.pollMs = pollMs;
    ParsedConfig common = ConnectorConfig.ERRORS.parse(taskConfig);
    this.retryTimeoutMs = common.getLong(ConnectorConfig.ERRORS_RETRY_TIMEOUT_MS);
    this.transforms = TransformChain.of(taskConfig);
    this.errors = new RecordErrorHandler(connector, taskId, common, null);
    if (!common.getString(ConnectorConfig.DLQ_TOPIC).isEmpty()) {
      LOG.warn(
          "connector '{}': {} applies to sink connectors only; failed source records are skipped",
          connector,
          ConnectorConfig.DLQ_TOPIC);
    }
  }

  @Override
  protected RecordErrorHandler errors() {
    return errors;
  }

  @Override
  protected void runTask() {
    task.initialize(partition -> offsets.offset(connector(), partition));
    task.start(taskConfig);
    try (LogProducer producer = log.newProducer()) {
      try {
        long nextCommit = System.currentTimeMillis() + flushIntervalMs;
        while (!stopping()) {
          List<SourceRecord> records = retrying("poll", task::poll).orElse(List.of());
          for (SourceRecord record : records) {
            if (!send(producer, record)) {
              break; // stopped while retrying: this record and the rest are not sent
            }
          }
          if (System.currentTimeMillis() >= nextCommit) {
            commit(producer);
            nextCommit = System.currentTimeMillis() + flushIntervalMs;
          }
          if (records.isEmpty()) {
            idle(pollMs);
          }
        }
        commit(producer);
      } finally {
        task.stop();
      }
    }
  }

  /**
   * Transforms, converts and sends one record, or skips it; false if stopped while retrying.
   */
  private boolean send(LogProducer producer, SourceRecord polled) {
    SourceRecord stamped =
        polled.timestamp() != null
            ? polled
            : polled.newRecord(
                polled.topic(),
                polled.key(),
                polled.value(),
                polled.headers(),
                System.currentTimeMillis());
    if (transforms.isEmpty()) {
      return convertAndSend(producer, stamped, polled);
    }
    Optional<SourceRecord> transformed;
    try {
      transformed = attempt(retryTimeoutMs, "transforms", () -> transforms.apply(stamped));
    } catch (RuntimeException e) {
      Class<?> failed =
          e instanceof TransformChain.TransformException
              ? ((TransformChain.TransformException) e).transformClass()
              : TransformChain.class;
      errors.failed(Stage.TRANSFORMATION, failed, null, describe(stamped), e);
      advance(polled);
      return true;
    }
    if (transformed == null) {
      return false;
    }
    if (transformed.isEmpty()) {
      advance(polled); // filtered out
      return true;
    }
    return convertAndSend(producer, transformed.get(), polled);
  }

  private boolean convertAndSend(LogProducer producer, SourceRecord record, SourceRecord polled) {
    String topic = record.topic();
    Optional<byte[]> key;
    Optional<byte[]> value;
    try {
      key = attempt(
          retryTimeoutMs,
          "key conversion",
          () -> keyConverter.fromConnectData(topic, record.key()));
    } catch (RuntimeException e) {
      errors.failed(Stage.KEY_CONVERTER, keyConverter.getClass(), null, describe(record), e);
      advance(polled);
      return true;
    }
    try {
      value =
          attempt(
              retryTimeoutMs,
              "value conversion",
              () -> valueConverter.fromConnectData(topic, record.value()));
    } catch (RuntimeException e) {
      errors.failed(Stage.VALUE_CONVERTER, valueConverter.getClass(), null, describe(record), e);
      advance(polled);
      return true;
    }
    if (key == null || value == null) {
      return false;
    }
    byte[] keyBytes = key.orElse(null);
    int count =
        retrying(
                "creating topic '" + topic + "'",
                retryTimeoutMs,
                TaskRunner::logFailure,
                () -> topics.partitions(topic))
            .orElse(-1);
    if (count < 0) {
      return false;
    }
    int partition =
        keyBytes == null
            ? Math.floorMod(roundRobin++, count)
            : KeyPartitioner.partition(keyBytes, count);
    pendingSends.send(
        producer,
        new TopicPartition(topic, partition),
        keyBytes,
        value.orElse(null),
        record.timestamp(),
        HeaderCodec.toLog(record.headers()));
    advance(polled);
    return true;
  }

  private static String describe(SourceRecord record) {
    return "topic '"
        + record.topic()
        + "' from source partition "
        + record.sourcePartition()
        + " at offset "
        + record.sourceOffset();
  }

  /** Marks the record's source offset as reached once everything sent so far is acknowledged. */
  private void advance(SourceRecord record) {
    // Re-inserting moves the partition last, so offsets are stored in the order they were reached.
    pendingOffsets.remove(record.sourcePartition());
    pendingOffsets.put(record.sourcePartition(), record.sourceOffset());
  }

  /**
   * Waits for every sent record's acknowledgement (sending again those the log failed, for up to
   * {@code errors.retry.timeout.ms}), then stores the offsets they reached.
   */
  private void commit(LogProducer producer) {
    if (pendingSends.isEmpty() && pendingOffsets.isEmpty()) {
      return;
    }
    Optional<Boolean> acknowledged =
        retrying(
            "sending records",
            retryTimeoutMs,
            TaskRunner::logFailure,
            () -> {
              pendingSends.awaitAll(producer);
              return true;
            });
    if (acknowledged.isEmpty()) {
      return; // stopped while the log was failing: the offsets are not stored
    }
    Optional<Boolean> stored =
        retrying(
            "storing source offsets",
            retryTimeoutMs,
            TaskRunner::logFailure,
            () -> {
              offsets.write(connector(), pendingOffsets);
              return true;
            });
    if (stored.isPresent()) {
      pendingOffsets.clear();
    }
  }
}
