package io.runnel.connect;

import io.runnel.streams.log.Log;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a worker's properties file ({@code worker.properties}), standalone or distributed.
 * Kafka Connect's names where one exists. Keys of the Log SPI ({@code log.backend}, {@code
 * bootstrap.servers}, {@code log.memory.name}) are passed to {@link Log#open}, and so are {@code
 * session.timeout.ms} and {@code heartbeat.interval.ms} as the consumers' keys.
 */
public final class WorkerConfig {
  private WorkerConfig() {}

  /** The Log SPI backend, {@code kafka} or {@code memory}. */
  public static final String LOG_BACKEND = "log.backend";

  /** The cluster of the kafka backend. */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  /** The process-wide memory log of the memory backend. */
  public static final String LOG_MEMORY_NAME = "log.memory.name";

  /** The worker group: the prefix of the offsets topic. */
  public static final String GROUP_ID = "group.id";

  /** The compacted topic of source offsets. */
  public static final String OFFSET_STORAGE_TOPIC = "offset.storage.topic";

  /** How often source offsets are stored and sink tasks flushed and committed. */
  public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";

  /** The default key converter. */
  public static final String KEY_CONVERTER = "key.converter";

  /** The default value converter. */
  public static final String VALUE_CONVERTER = "value.converter";

  /** How long a task waits when its source or topics had nothing new. */
  public static final String POLL_MS = "poll.ms";

  /** Partitions of a topic the worker creates because a connector names one that is missing. */
  public static final String TOPIC_CREATION_PARTITIONS = "topic.creation.default.partitions";

  /** The longest delay between retries of a retriable failure. */
  public static final String RETRY_DELAY_MAX_MS = "errors.retry.delay.max.ms";

  /** The interface the REST API binds. */
  public static final String REST_HOST = "rest.host";

  /** The REST API's port: 0 picks a free one, -1 serves no REST API. */
  public static final String REST_PORT = "rest.port";

  /** Distributed mode: the compacted topic of connector configurations and target states. */
  public static final String CONFIG_STORAGE_TOPIC = "config.storage.topic";

  /** Distributed mode: the compacted topic of task states. */
  public static final String STATUS_STORAGE_TOPIC = "status.storage.topic";

  /** Distributed mode: the topic whose partitions, shared by the worker group, are task slots. */
  public static final String TASK_SLOTS_TOPIC = "task.slots.topic";

  /** Distributed mode: the partitions of the task slots topic (a power of two). */
  public static final String TASK_SLOTS = "task.slots";

  /** A worker or sink task that stops heartbeating leaves its group after this long. */
  public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";

  /** How often group members heartbeat; well below {@code session.timeout.ms}. */
  public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";

  /** Every worker key, with its default and documentation. */
  public static final ConfigDef DEF =
      new ConfigDef()
          .define(
              LOG_BACKEND, ConfigDef.Type.STRING, "kafka", "the Log SPI backend: kafka or memory")
          .define(BOOTSTRAP_SERVERS, ConfigDef.Type.STRING, "", "host:port,... of the cluster")
          .define(LOG_MEMORY_NAME, ConfigDef.Type.STRING, "default", "the memory log to use")
          .define(GROUP_ID, ConfigDef.Type.STRING, "runnel", "the worker group")
          .define(
              OFFSET_STORAGE_TOPIC,
              ConfigDef.Type.STRING,
              "",
              "compacted topic of source offsets; empty means <group.id>-connect-offsets")
          .define(
              OFFSET_FLUSH_INTERVAL_MS,
              ConfigDef.Type.LONG,
              "5000",
              "milliseconds between source offset stores and sink flushes and commits")
          .define(KEY_CONVERTER, ConfigDef.Type.STRING, "string", "string, json, bytes or a class")
          .define(
              VALUE_CONVERTER, ConfigDef.Type.STRING, "string", "string, json, bytes or a class")
          .define(
              RETRY_DELAY_MAX_MS,
              ConfigDef.Type.LONG,
              "10000",
              "the longest delay between retries of a retriable failure (database down...)")
          .define(POLL_MS, ConfigDef.Type.LONG, "100", "milliseconds a task waits when idle")
          .define(
              TOPIC_CREATION_PARTITIONS,
              ConfigDef.Type.INT,
              "1",
              "partitions of a missing topic the worker creates")
          .define(REST_HOST, ConfigDef.Type.STRING, "127.0.0.1", "the REST API's interface")
          .define(
              REST_PORT,
              ConfigDef.Type.INT,
              "-1",
              "the REST API's port; 0 = a free port, -1 = none (bin/runnel uses 8083 if unset)")
          .define(
              CONFIG_STORAGE_TOPIC,
              ConfigDef.Type.STRING,
              "",
              "distributed: compacted topic of connector configs; empty = <group.id>-connect-configs")
          .define(
              STATUS_STORAGE_TOPIC,
              ConfigDef.Type.STRING,
              "",
              "distributed: compacted topic of task states; empty = <group.id>-connect-status")
          .define(
              TASK_SLOTS_TOPIC,
              ConfigDef.Type.STRING,
              "",
              "distributed: topic of task slots; empty = <group.id>-connect-task-slots")
          .define(
              TASK_SLOTS,
              ConfigDef.Type.INT,
              "64",
              "distributed: partitions of the task slots topic, a power of two")
          .define(
              SESSION_TIMEOUT_MS,
              ConfigDef.Type.INT,
              "10000",
              "a worker or sink task that stops heartbeating leaves its group after this long")
          .define(
              HEARTBEAT_INTERVAL_MS,
              ConfigDef.Type.INT,
              "3000",
              "how often group members heartbeat");

  /** The offsets topic of a parsed worker configuration. */
  public static String offsetsTopic(ParsedConfig config) {
    return topic(config, OFFSET_STORAGE_TOPIC, "-connect-offsets");
  }

  /** The config topic of a parsed worker configuration. */
  public static String configTopic(ParsedConfig config) {
    return topic(config, CONFIG_STORAGE_TOPIC, "-connect-configs");
  }

  /** The status topic of a parsed worker configuration. */
  public static String statusTopic(ParsedConfig config) {
    return topic(config, STATUS_STORAGE_TOPIC, "-connect-status");
  }

  /** The task slots topic of a parsed worker configuration. */
  public static String taskSlotsTopic(ParsedConfig config) {
    return topic(config, TASK_SLOTS_TOPIC, "-connect-task-slots");
  }

  private static String topic(ParsedConfig config, String key, String suffix) {
    String topic = config.getString(key);
    return topic.isEmpty() ? config.getString(GROUP_ID) + suffix : topic;
  }

  /**
   * The configuration of {@link Log#open}: the backend keys, and the group timeouts as consumer
   * keys.
   *
   * @throws ConfigException naming a timeout that is not positive
   */
  public static Map<String, String> logConfig(ParsedConfig config) {
    Map<String, String> logConfig = new HashMap<>();
    for (String key : List.of(LOG_BACKEND, BOOTSTRAP_SERVERS, LOG_MEMORY_NAME)) {
      logConfig.put(key, config.getString(key));
    }
    int session = config.getInt(SESSION_TIMEOUT_MS, 1);
    int heartbeat = config.getInt(HEARTBEAT_INTERVAL_MS, 1);
    if (heartbeat >= session) {
      throw new ConfigException(
          HEARTBEAT_INTERVAL_MS, "must be below " + SESSION_TIMEOUT_MS + " (" + session + ")");
    }
    logConfig.put(Log.CONSUMER_PREFIX + SESSION_TIMEOUT_MS, Integer.toString(session));
    logConfig.put(Log.CONSUMER_PREFIX + HEARTBEAT_INTERVAL_MS, Integer.toString(heartbeat));
    return logConfig;
  }
}
