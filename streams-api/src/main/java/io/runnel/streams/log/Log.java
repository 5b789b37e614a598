package io.runnel.streams.log;

import io.runnel.streams.log.kafka.KafkaLog;
import io.runnel.streams.log.memory.MemoryLog;
import java.util.Map;
import java.util.Optional;

/**
 * The log the streams runtime runs over (DESIGN.md decision 4): topics, producers and consumers.
 * Backends: {@code kafka} (kafka-clients against any Kafka-protocol cluster) and {@code memory}
 * (in-process and deterministic, for tests).
 *
 * <p>Implementations are thread-safe; producers and consumers they create document their own
 * threading.
 */
public interface Log extends AutoCloseable {

  /** Configuration key choosing the backend: {@code kafka} or {@code memory}. */
  String BACKEND = "log.backend";

  /** Configuration key of the kafka backend's cluster addresses. */
  String BOOTSTRAP_SERVERS = "bootstrap.servers";

  /** Configuration key naming the process-wide memory log to use (default {@code default}). */
  String MEMORY_NAME = "log.memory.name";

  /**
   * Prefix of keys passed, without it, to every consumer of the kafka backend: e.g. {@code
   * consumer.session.timeout.ms=3000} makes a member that stops heartbeating leave its groups
   * within 3 seconds. The memory backend has no sessions (a member leaves when it is closed) and
   * ignores them. Keys prefixed {@code producer.} go to the kafka backend's producers alike.
   */
  String CONSUMER_PREFIX = KafkaLog.CONSUMER_PREFIX;

  /**
   * Opens the backend chosen by {@code log.backend}: {@code kafka} needs {@code bootstrap.servers}
   * and passes keys prefixed {@code consumer.} and {@code producer.} to kafka-clients;
   * {@code memory} returns the process-wide log named by {@code log.memory.name}.
   *
   * @throws IllegalArgumentException naming the key if the configuration is invalid
   */
  static Log open(Map<String, String> config) {
    String backend = config.getOrDefault(BACKEND, "kafka");
    switch (backend) {
      case "memory":
        return MemoryLog.named(config.getOrDefault(MEMORY_NAME, "default"));
      case "kafka":
        String servers = config.get(BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
          throw new IllegalArgumentException(
              "'" + BOOTSTRAP_SERVERS + "' is required when " + BACKEND + "=kafka");
        }
        return new KafkaLog(servers, config);
      default:
        throw new IllegalArgumentException(
            "'" + BACKEND + "' must be kafka or memory, got '" + backend + "'");
    }
  }

  /**
   * Creates a topic.
   *
   * @return true if it was created, false if a topic of that name already exists
   */
  boolean createTopic(TopicSpec topic);

  /** The topic's partitions and non-default configs, or empty if there is no such topic. */
  Optional<TopicSpec> describeTopic(String name);

  /** A new producer. */
  LogProducer newProducer();

  /**
   * A new dynamic consumer without an endpoint or claims.
   *
   * @param groupId the group for {@link LogConsumer#subscribe} and offset commits, or null for a
   *     consumer that only reads assigned partitions
   */
  default LogConsumer newConsumer(String groupId) {
    return newConsumer(groupId, GroupMember.ANONYMOUS);
  }

  /**
   * A new consumer that joins {@code groupId} as {@code member}: with its static identity, endpoint
   * and claimed tasks (see {@link GroupMember}).
   *
   * @param groupId the group, or null for a consumer that only reads assigned partitions
   */
  LogConsumer newConsumer(String groupId, GroupMember member);

  /** Releases the log's own resources (not the producers and consumers it created). */
  @Override
  void close();
}
