package io.runnel.connect;

import io.runnel.connect.transforms.TransformChain;
import java.util.Map;

/**
 * The keys every connector's properties file has, whatever the connector: its name and class,
 * converters, how bad records and retriable failures are handled ({@code errors.*}, as Kafka
 * Connect's), and its transforms. {@link #parse} validates them all once, at start.
 */
public final class ConnectorConfig {
  private ConnectorConfig() {}

  /** The connector's unique name. */
  public static final String NAME = "name";

  /**
   * {@code file-source}, {@code file-sink}, {@code jdbc-source}, {@code jdbc-sink} or a class name.
   */
  public static final String CONNECTOR_CLASS = "connector.class";

  /** At most this many tasks. */
  public static final String TASKS_MAX = "tasks.max";

  /** Overrides the worker's key converter. */
  public static final String KEY_CONVERTER = "key.converter";

  /** Overrides the worker's value converter. */
  public static final String VALUE_CONVERTER = "value.converter";

  /** A sink's input topics, comma-separated. */
  public static final String TOPICS = "topics";

  /**
   * {@code none} (default): a record that fails conversion, a transform, or that a sink task
   * reports as bad fails the task. {@code all}: such a record is skipped (and dead-lettered, for
   * sinks with {@link #DLQ_TOPIC}) and the task goes on.
   */
  public static final String ERRORS_TOLERANCE = "errors.tolerance";

  /**
   * How long a failed operation is retried, in milliseconds: a converter or transform throwing a
   * {@link RetriableException}, and sends, flushes and commits the log fails (a {@link
   * io.runnel.streams.log.LogException}). {@code 0} (default): not retried; {@code -1}: retried
   * until the task is stopped. The delay between attempts doubles from 100 ms up to the worker's
   * {@code errors.retry.delay.max.ms}.
   */
  public static final String ERRORS_RETRY_TIMEOUT_MS = "errors.retry.timeout.ms";

  /** Log each tolerated failure (one line per record) with its topic, partition and offset. */
  public static final String ERRORS_LOG_ENABLE = "errors.log.enable";

  /** Sinks: the topic that tolerated bad records are written to; empty for none. */
  public static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";

  /** Sinks: add {@code __connect.errors.*} headers naming the failure to dead-lettered records. */
  public static final String DLQ_CONTEXT_HEADERS = "errors.deadletterqueue.context.headers.enable";

  /** The {@code errors.*} keys, which the task runners read from a task's configuration. */
  public static final ConfigDef ERRORS =
      new ConfigDef()
          .define(
              ERRORS_TOLERANCE,
              ConfigDef.Type.STRING,
              "none",
              "none: a bad record fails the task; all: it is skipped (and dead-lettered)")
          .define(
              ERRORS_RETRY_TIMEOUT_MS,
              ConfigDef.Type.LONG,
              "0",
              "milliseconds a retriable failure is retried; 0 none, -1 until stopped")
          .define(ERRORS_LOG_ENABLE, ConfigDef.Type.BOOLEAN, "false", "log each tolerated failure")
          .define(DLQ_TOPIC, ConfigDef.Type.STRING, "", "sinks: the dead-letter topic; empty: none")
          .define(
              DLQ_CONTEXT_HEADERS,
              ConfigDef.Type.BOOLEAN,
              "false",
              "sinks: add __connect.errors.* headers to dead-lettered records");

  /** The common keys. */
  public static final ConfigDef DEF =
      new ConfigDef()
          .required(NAME, ConfigDef.Type.STRING, "the connector's unique name")
          .required(
              CONNECTOR_CLASS,
              ConfigDef.Type.STRING,
              "file-source, file-sink, jdbc-source, jdbc-sink or a connector class name")
          .define(TASKS_MAX, ConfigDef.Type.INT, "1", "at most this many tasks")
          .define(KEY_CONVERTER, ConfigDef.Type.STRING, "", "empty: the worker's key.converter")
          .define(VALUE_CONVERTER, ConfigDef.Type.STRING, "", "empty: the worker's value.converter")
          .withAll(ERRORS)
          .define(TransformChain.TRANSFORMS, ConfigDef.Type.LIST, "", "transform names, in order")
          .define(TransformChain.PREDICATES, ConfigDef.Type.LIST, "", "predicate names");

  /**
   * Validates the common keys of a connector configuration, its transforms and predicates
   * included.
   *
   * @throws ConfigException naming the first bad key
   */
  public static ParsedConfig parse(Map<String, String> connectorConfig) {
    ParsedConfig parsed = DEF.parse(connectorConfig);
    String tolerance = parsed.getString(ERRORS_TOLERANCE);
    if (!tolerance.equals("none") && !tolerance.equals("all")) {
      throw new ConfigException(ERRORS_TOLERANCE, "expected none or all, got '" + tolerance + "'");
    }
    parsed.getLong(ERRORS_RETRY_TIMEOUT_MS, -1);
    TransformChain.of(connectorConfig);
    return parsed;
  }
}
