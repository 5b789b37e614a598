package io.runnel.connect;

/**
 * The keys of a worker's properties file ({@code worker.properties}). Kafka Connect's names where
 * one exists. Keys of the Log SPI ({@code log.backend}, {@code bootstrap.servers}, {@code
 * log.memory.name}) are passed to {@link io.runnel.streams.log.Log#open}.
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
              "partitions of a missing topic the worker creates");

  /** The offsets topic of a parsed worker configuration. */
  static String offsetsTopic(ParsedConfig config) {
    String topic = config.getString(OFFSET_STORAGE_TOPIC);
    return topic.isEmpty() ? config.getString(GROUP_ID) + "-connect-offsets" : topic;
  }
}
