package io.runnel.connect.internal;

import io.runnel.connect.ConnectException;
import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.ParsedConfig;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task does with a record that failed conversion, a transform or (sinks) the task itself,
 * following the connector's {@code errors.*} keys: fail the task ({@code errors.tolerance=none}),
 * or skip the record, log it if {@code errors.log.enable}, and for sinks write its original bytes
 * to the dead-letter topic ({@code errors.deadletterqueue.topic.name}) with Kafka Connect's {@code
 * __connect.errors.*} headers if {@code errors.deadletterqueue.context.headers.enable}.
 *
 * <p>Dead-letter records are sent asynchronously; {@link #awaitDeadLetters} waits for their
 * acknowledgement and must return before the input offsets that cover them are committed.
 *
 * <p>Not thread-safe: owned by one task's thread; the counters may be read from any thread.
 */
public final class RecordErrorHandler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordErrorHandler.class);

  /** Where in the pipeline a record failed; Kafka Connect's names. */
  public enum Stage {
    /** The key converter. */
    KEY_CONVERTER,
    /** The value converter. */
    VALUE_CONVERTER,
    /** A transform or its predicate. */
    TRANSFORMATION,
    /** The sink task's put (a record it reported as bad). */
    TASK_PUT
  }

  /** Kafka Connect's header names on dead-lettered records. */
  public static final String HEADER_PREFIX = "__connect.errors.";

  private final String connector;
  private final int task;
  private final boolean tolerateAll;
  private final boolean logErrors;
  private final String deadLetterTopic;
  private final boolean contextHeaders;
  private final Log log;
  private final PendingSends deadLetters = new PendingSends();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private LogProducer producer;
  private int deadLetterPartitions;

  /**
   * The handler of task {@code task} of {@code connector}, configured by {@code config} (parsed by
   * {@link ConnectorConfig#parse}); dead letters go through {@code log}, or nowhere if it is null.
   */
  public RecordErrorHandler(String connector, int task, ParsedConfig config, Log log) {
    this.connector = connector;
    this.task = task;
    this.tolerateAll = config.getString(ConnectorConfig.ERRORS_TOLERANCE).equals("all");
    this.logErrors = config.getBoolean(ConnectorConfig.ERRORS_LOG_ENABLE);
    this.deadLetterTopic = log == null ? "" : config.getString(ConnectorConfig.DLQ_TOPIC);
    this.contextHeaders = config.getBoolean(ConnectorConfig.DLQ_CONTEXT_HEADERS);
    this.log = log;
  }

  /** Records skipped because errors are tolerated (dead-lettered ones included). */
  public long skipped() {
    return skipped.get();
  }

  /** Records written to the dead-letter topic. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /**
   * Handles a record that failed at {@code stage} in {@code component}.
   *
   * @param original the record as read from the log (sinks), or null (sources: nothing to
   *     dead-letter)
   * @param describe the record for messages, for example {@code topic 'a' partition 0 offset 7}
   * @throws ConnectException naming the record and the stage if errors are not tolerated
   */
  public void failed(
      Stage stage, Class<?> component, LogRecord original, String describe, Throwable error) {
    if (!tolerateAll) {
      throw new ConnectException(
          "task "
              + connector
              + "-"
              + task
              + ": "
              + stage
              + " failed on the record of "
              + describe
              + ": "
              + error.getMessage()
              + " (set errors.tolerance=all to skip such records)",
          error);
    }
    skipped.incrementAndGet();
    if (logErrors) {
      // One line per bad record is what errors.log.enable asks for.
      LOG.error(
          "task {}-{}: {} failed on the record of {}; skipped: {}",
          connector,
          task,
          stage,
          describe,
          error.toString());
    }
    if (original != null && !deadLetterTopic.isEmpty()) {
      deadLetter(stage, component, original, error);
    }
  }

  private void deadLetter(Stage stage, Class<?> component, LogRecord original, Throwable error) {
    if (producer == null) {
      deadLetterPartitions = new TopicCreator(log, 1).partitions(deadLetterTopic);
      producer = log.newProducer();
    }
    List<LogHeader> headers = new ArrayList<>(original.headers());
    if (contextHeaders) {
      header(headers, "topic", original.topic());
      header(headers, "partition", String.valueOf(original.partition()));
      header(headers, "offset", String.valueOf(original.offset()));
      header(headers, "connector.name", connector);
      header(headers, "task.id", String.valueOf(task));
      header(headers, "stage", stage.name());
      header(headers, "class.name", component.getName());
      header(headers, "exception.class.name", error.getClass().getName());
      header(headers, "exception.message", error.getMessage());
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      header(headers, "exception.stacktrace", trace.toString());
    }
    int partition =
        original.key() == null ? 0 : KeyPartitioner.partition(original.key(), deadLetterPartitions);
    deadLetters.send(
        producer,
        new TopicPartition(deadLetterTopic, partition),
        original.key(),
        original.value(),
        original.timestamp(),
        headers);
    deadLettered.incrementAndGet();
  }

  private static void header(List<LogHeader> headers, String name, String value) {
    headers.add(
        new LogHeader(
            HEADER_PREFIX + name, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Waits until the log acknowledged every dead-lettered record.
   *
   * @throws io.runnel.streams.log.LogException if it failed some (they are sent again next time)
   */
  public void awaitDeadLetters() {
    if (producer != null && !deadLetters.isEmpty()) {
      deadLetters.awaitAll(producer);
    }
  }

  /** Closes the dead-letter producer, if one was opened. */
  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
