package io.runnel.log.server;

import io.runnel.log.storage.LogConfig;
import io.runnel.log.storage.LogManager;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.TopicPartition;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one broker behind the protocol: its settings, its topics and their partition logs.
 * Keeps the topic registry and the logs in step (a topic's partitions exist exactly while the topic
 * does) and applies each topic's configs over the broker's defaults.
 *
 * <p>Thread-safe; topic changes are serialized on this object.
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

  private final ServerConfig config;
  private final LogManager logs;
  private final TopicRegistry topics;
  private final String clusterId;

  private Broker(ServerConfig config, LogManager logs, TopicRegistry topics, String clusterId) {
    this.config = config;
    this.logs = logs;
    this.topics = topics;
    this.clusterId = clusterId;
  }

  /** Opens the logs and the topic metadata under {@code log.dirs}, recovering what needs it. */
  public static Broker open(ServerConfig config, InstantSource clock) {
    LogManager logs = LogManager.open(config.logDirs(), config.topicDefaults(), clock,
        config.numRecoveryThreads() * config.logDirs().size());
    try {
      Path metadataDir = config.logDirs().get(0).resolve("__runnel_metadata");
      TopicRegistry topics = TopicRegistry.open(metadataDir);
      Broker broker = new Broker(config, logs, topics, readOrCreateClusterId(metadataDir, config.nodeId()));
      broker.reconcile();
      return broker;
    } catch (RuntimeException e) {
      logs.close();
      throw e;
    }
  }

  /** Cluster id and node id live in meta.properties, as in Kafka; a log dir of another node is refused. */
  private static String readOrCreateClusterId(Path metadataDir, int nodeId) {
    Path meta = metadataDir.resolve("meta.properties");
    Properties p = new Properties();
    try {
      Files.createDirectories(metadataDir);
      if (Files.exists(meta)) {
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        int storedNode = Integer.parseInt(p.getProperty("node.id", Integer.toString(nodeId)));
        if (storedNode != nodeId) {
          throw new IllegalStateException("log dir " + metadataDir.getParent() + " belongs to node " + storedNode
              + ", not node.id=" + nodeId + "; give this node its own log.dirs");
        }
        return p.getProperty("cluster.id");
      }
      String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
      p.setProperty("cluster.id", id);
      p.setProperty("node.id", Integer.toString(nodeId));
      p.setProperty("version", "1");
      try (Writer w = Files.newBufferedWriter(meta, StandardCharsets.UTF_8)) {
        p.store(w, "Runnel node metadata");
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + meta, e);
    }
  }

  /** After a restart: every partition of every topic has its log, with the topic's config; strays are deleted. */
  private void reconcile() {
    for (Topic topic : topics.all()) {
      LogConfig cfg = topicConfig(topic);
      for (int p = 0; p < topic.partitions(); p++) {
        logs.getOrCreate(new TopicPartition(topic.name(), p), cfg).updateConfig(cfg);
      }
    }
    for (TopicPartition tp : logs.all().keySet()) {
      Optional<Topic> topic = topics.get(tp.topic());
      if (topic.isEmpty() || tp.partition() >= topic.get().partitions()) {
        LOG.warn("deleting the log of {}: its topic no longer exists", tp);
        logs.delete(tp);
      }
    }
  }

  public ServerConfig config() {
    return config;
  }

  public int nodeId() {
    return config.nodeId();
  }

  public String clusterId() {
    return clusterId;
  }

  public LogManager logs() {
    return logs;
  }

  public Optional<Topic> topic(String name) {
    return topics.get(name);
  }

  public java.util.Collection<Topic> topics() {
    return topics.all();
  }

  /** The log of a partition, if its topic and partition exist. */
  public Optional<PartitionLog> log(String topic, int partition) {
    if (topic == null || topic.isEmpty() || partition < 0) {
      return Optional.empty();
    }
    return logs.get(new TopicPartition(topic, partition));
  }

  /** The effective config of a topic: the broker's defaults with the topic's own settings on top. */
  public LogConfig topicConfig(Topic topic) {
    return config.topicDefaults().with(topic.configs());
  }

  public synchronized Topic createTopic(String name, int partitions, Map<String, String> configs) {
    Topic topic = topics.create(name, partitions, configs, config.topicDefaults());
    LogConfig cfg = topicConfig(topic);
    for (int p = 0; p < partitions; p++) {
      logs.getOrCreate(new TopicPartition(name, p), cfg);
    }
    LOG.info("created topic {} with {} partition(s) {}", name, partitions, configs.isEmpty() ? "" : configs);
    return topic;
  }

  /** The topic, created with the broker's defaults when auto-creation is on; empty otherwise. */
  public synchronized Optional<Topic> topicOrAutoCreate(String name) {
    Optional<Topic> existing = topics.get(name);
    if (existing.isPresent() || !config.autoCreateTopics()) {
      return existing;
    }
    return Optional.of(createTopic(name, config.numPartitions(), Map.of()));
  }

  public synchronized Topic deleteTopic(String name) {
    Topic topic = topics.delete(name);
    for (int p = 0; p < topic.partitions(); p++) {
      logs.delete(new TopicPartition(name, p));
    }
    LOG.info("deleted topic {}", name);
    return topic;
  }

  public synchronized Topic addPartitions(String name, int newCount) {
    Topic topic = topics.addPartitions(name, newCount);
    LogConfig cfg = topicConfig(topic);
    for (int p = 0; p < newCount; p++) {
      logs.getOrCreate(new TopicPartition(name, p), cfg);
    }
    LOG.info("topic {} now has {} partitions", name, newCount);
    return topic;
  }

  /** Replaces the explicit configs of a topic and applies them to its partition logs. */
  public synchronized Topic setTopicConfigs(String name, Map<String, String> configs) {
    Topic topic = topics.setConfigs(name, configs, config.topicDefaults());
    LogConfig cfg = topicConfig(topic);
    for (int p = 0; p < topic.partitions(); p++) {
      log(name, p).ifPresent(l -> l.updateConfig(cfg));
    }
    LOG.info("topic {} configs are now {}", name, configs);
    return topic;
  }

  @Override
  public void close() {
    logs.close();
  }
}
