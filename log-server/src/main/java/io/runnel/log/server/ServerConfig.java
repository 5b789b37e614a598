package io.runnel.log.server;

import io.runnel.log.cluster.QuorumVoters;
import io.runnel.log.storage.InvalidConfigException;
import io.runnel.log.storage.LogConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The broker's settings, with Kafka's names: read from a properties file, overridden on the
 * command line, validated once at start. An unknown key or a bad value gives {@link
 * InvalidConfigException} naming the key and what it takes. Immutable.
 */
public final class ServerConfig {

  /** A documented setting. {@code topicKey} is the topic config it sets the default of, if any. */
  public record Key(String name, String defaultValue, String topicKey, String doc) {}

  private static final List<Key> KEYS = List.of(
      new Key("node.id", "1", null, "This node's id, unique in the cluster."),
      new Key("listeners", "PLAINTEXT://127.0.0.1:9092", null,
          "Where clients connect: PLAINTEXT://host:port (port 0 picks a free port)."),
      new Key("advertised.listeners", "", null,
          "The address given to clients in Metadata, when it differs from listeners."),
      new Key("controller.quorum.voters", "", null,
          "The metadata quorum: id@host:port of every voter, the same line on every node (e.g."
          + " 1@127.0.0.1:9093,2@127.0.0.1:9094,3@127.0.0.1:9095); this node's quorum port is the one its node.id"
          + " has there. Empty: a one-node quorum on a free loopback port."),
      new Key("broker.session.timeout.ms", "9000", null,
          "A broker without a heartbeat for this long is fenced: it leads nothing and Metadata no longer lists it."),
      new Key("broker.heartbeat.interval.ms", "2000", null, "How often a broker sends the quorum a heartbeat."),
      new Key("controlled.shutdown.enable", "true", null,
          "On a clean stop of a node in a cluster, before its listener closes, the metadata quorum moves the"
          + " leadership of every partition it leads to another live in-sync replica and takes it out of the ISRs"
          + " (Kafka's controlled shutdown), so clients go to the new leaders at once instead of after"
          + " broker.session.timeout.ms. A partition without another live in-sync replica has no leader until the"
          + " node returns. Skipped by a node alone in its quorum or when no other broker is live."),
      new Key("controlled.shutdown.timeout.ms", "10000", null,
          "How long a clean stop waits for the metadata quorum to apply its controlled shutdown; without an answer"
          + " (no majority of the voters running) the node stops anyway and the others fence it after"
          + " broker.session.timeout.ms. (A Runnel setting: Kafka has no setting for this bound.)"),
      new Key("log.dirs", "./runnel-data", null, "Comma-separated directories for the partition logs."),
      new Key("num.partitions", "1", null, "Partitions of an auto-created topic."),
      new Key("default.replication.factor", "1", null,
          "Replicas of an auto-created topic, and of a created one that does not give a replication factor."),
      new Key("replica.lag.time.max.ms", "30000", null, "A leader drops a follower from the in-sync replicas when"
          + " it has not caught up to the leader's log end for this long; it joins again once it reaches the high"
          + " watermark."),
      new Key("replica.high.watermark.checkpoint.interval.ms", "5000", null,
          "How often each partition's high watermark is written to replication-offset-checkpoint in its log dir"
          + " (and once more on a clean stop), so a restarted leader serves consumers what was committed before."),
      new Key("replica.fetch.wait.max.ms", "500", null,
          "How long a follower's fetch waits at the leader for new data (it learns the high watermark meanwhile)."),
      new Key("replica.fetch.max.bytes", "1048576", null, "Bytes a follower asks for per partition and fetch."),
      new Key("auto.create.topics.enable", "true", null,
          "Create a topic when a client asks for its metadata or produces to it."),
      new Key("socket.request.max.bytes", "104857600", null,
          "The largest request accepted; a bigger frame closes the connection."),
      new Key("num.io.threads", "8", null, "Threads that handle requests."),
      new Key("num.network.threads", "3", null, "Threads that read and write sockets."),
      new Key("num.recovery.threads.per.data.dir", "2", null, "Threads that open partition logs at start."),
      new Key("log.flush.scheduler.interval.ms", "1000", null, "How often flush.ms is checked."),
      new Key("log.retention.check.interval.ms", "300000", null, "How often retention runs."),
      new Key("log.cleaner.backoff.ms", "15000", null, "How often compaction looks for work."),
      new Key("auto.leader.rebalance.enable", "true", null,
          "Give each partition's leadership back to its preferred replica (the first of its replicas) once that"
          + " broker is live and in sync again, checked every leader.imbalance.check.interval.seconds."),
      new Key("leader.imbalance.check.interval.seconds", "300", null,
          "How often the metadata quorum leader looks for partitions not led by their preferred replica."),
      new Key("offsets.topic.num.partitions", "50", null, "Partitions of the __consumer_offsets topic."),
      new Key("offsets.topic.replication.factor", "3", null,
          "Replicas of each __consumer_offsets partition. The topic is created on the first FindCoordinator with"
          + " the smaller of this and the number of live brokers (so a single node works)."),
      new Key("offsets.commit.timeout.ms", "5000", null,
          "How long an offset commit, a group's new assignment or a group deletion waits until every in-sync"
          + " replica of its __consumer_offsets partition has it; then the client gets REQUEST_TIMED_OUT (a"
          + " SyncGroup: REBALANCE_IN_PROGRESS) and retries."),
      new Key("group.initial.rebalance.delay.ms", "3000", null,
          "How long the first rebalance of an empty group waits for more members."),
      new Key("group.min.session.timeout.ms", "6000", null, "The smallest session.timeout.ms a consumer may ask."),
      new Key("group.max.session.timeout.ms", "1800000", null, "The largest session.timeout.ms a consumer may ask."),
      new Key("log.segment.bytes", null, "segment.bytes", "Default segment.bytes of topics."),
      new Key("log.roll.ms", null, "segment.ms", "Default segment.ms of topics."),
      new Key("log.index.interval.bytes", null, "index.interval.bytes", "Default index.interval.bytes of topics."),
      new Key("log.flush.interval.messages", null, "flush.messages", "Default flush.messages of topics."),
      new Key("log.flush.interval.ms", null, "flush.ms", "Default flush.ms of topics."),
      new Key("log.retention.ms", null, "retention.ms", "Default retention.ms of topics."),
      new Key("log.retention.bytes", null, "retention.bytes", "Default retention.bytes of topics."),
      new Key("log.cleanup.policy", null, "cleanup.policy", "Default cleanup.policy of topics."),
      new Key("log.cleaner.delete.retention.ms", null, "delete.retention.ms", "Default delete.retention.ms."),
      new Key("log.cleaner.min.compaction.lag.ms", null, "min.compaction.lag.ms", "Default min.compaction.lag.ms."),
      new Key("log.cleaner.min.cleanable.ratio", null, "min.cleanable.dirty.ratio",
          "Default min.cleanable.dirty.ratio."),
      new Key("message.max.bytes", null, "max.message.bytes", "Default max.message.bytes of topics."),
      new Key("log.segment.delete.delay.ms", null, "file.delete.delay.ms", "Default file.delete.delay.ms."),
      new Key("min.insync.replicas", null, "min.insync.replicas", "Default min.insync.replicas of topics."));

  private final Map<String, String> values;
  private final LogConfig topicDefaults;

  private ServerConfig(Map<String, String> given) {
    Map<String, String> merged = new LinkedHashMap<>();
    Map<String, String> topic = new TreeMap<>();
    for (Key key : KEYS) {
      String value = given.get(key.name());
      if (key.topicKey() != null) {
        if (value != null) {
          topic.put(key.topicKey(), value.trim());
        }
      } else {
        merged.put(key.name(), value == null ? key.defaultValue() : value.trim());
      }
    }
    for (String name : given.keySet()) {
      if (KEYS.stream().noneMatch(k -> k.name().equals(name))) {
        throw new InvalidConfigException("unknown server setting '" + name + "'; see `runnel server --help-config`"
            + " for the settings Runnel knows");
      }
    }
    this.values = Collections.unmodifiableMap(merged);
    try {
      this.topicDefaults = LogConfig.of(topic);
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(e.getMessage().replace("topic config ", "the default of topic config "));
    }
    validate();
  }

  /** Reads {@code file} (when not null) and applies {@code overrides} on top. */
  public static ServerConfig load(Path file, Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(reader);
      } catch (NoSuchFileException e) {
        throw new InvalidConfigException("config file " + file + " does not exist");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file, e);
      }
      for (String name : p.stringPropertyNames()) {
        all.put(name, p.getProperty(name));
      }
    }
    all.putAll(overrides);
    return new ServerConfig(all);
  }

  public static ServerConfig of(Map<String, String> settings) {
    return new ServerConfig(settings);
  }

  /** The documented settings, for help and docs. */
  public static List<Key> keys() {
    return KEYS;
  }

  private void validate() {
    nodeId();
    listener();
    for (String name : List.of("num.partitions", "default.replication.factor", "socket.request.max.bytes",
        "num.io.threads", "num.network.threads", "num.recovery.threads.per.data.dir", "offsets.topic.num.partitions",
        "offsets.topic.replication.factor", "leader.imbalance.check.interval.seconds")) {
      if (intValue(name) < 1) {
        throw new InvalidConfigException("invalid value '" + values.get(name) + "' for " + name + ": must be at least 1");
      }
    }
    for (String name : List.of("log.flush.scheduler.interval.ms", "log.retention.check.interval.ms",
        "log.cleaner.backoff.ms", "group.initial.rebalance.delay.ms", "group.min.session.timeout.ms",
        "group.max.session.timeout.ms")) {
      if (longValue(name) < 0) {
        throw new InvalidConfigException("invalid value '" + values.get(name) + "' for " + name + ": cannot be negative");
      }
    }
    for (String name : List.of("auto.create.topics.enable", "auto.leader.rebalance.enable",
        "controlled.shutdown.enable")) {
      String flag = values.get(name);
      if (!flag.equals("true") && !flag.equals("false")) {
        throw new InvalidConfigException("invalid value '" + flag + "' for " + name + ": use true or false");
      }
    }
    if (intValue("offsets.topic.replication.factor") > Short.MAX_VALUE) {
      throw new InvalidConfigException("invalid value '" + values.get("offsets.topic.replication.factor")
          + "' for offsets.topic.replication.factor: too large");
    }
    QuorumVoters voters = quorumVoters();
    if (!voters.isEmpty() && voters.voter(nodeId()).isEmpty()) {
      throw new InvalidConfigException("node.id " + nodeId() + " is not one of controller.quorum.voters ("
          + values.get("controller.quorum.voters") + "); list every node there with its quorum port");
    }
    for (String name : List.of("broker.session.timeout.ms", "broker.heartbeat.interval.ms", "replica.lag.time.max.ms",
        "replica.fetch.wait.max.ms", "replica.fetch.max.bytes", "offsets.commit.timeout.ms",
        "controlled.shutdown.timeout.ms", "replica.high.watermark.checkpoint.interval.ms")) {
      if (longValue(name) < 1) {
        throw new InvalidConfigException("invalid value '" + values.get(name) + "' for " + name + ": must be at least 1");
      }
    }
    if (brokerHeartbeatIntervalMs() >= brokerSessionTimeoutMs()) {
      throw new InvalidConfigException("broker.heartbeat.interval.ms (" + brokerHeartbeatIntervalMs()
          + ") must be smaller than broker.session.timeout.ms (" + brokerSessionTimeoutMs() + ")");
    }
    if (logDirs().isEmpty()) {
      throw new InvalidConfigException("log.dirs is empty: give at least one directory for the data");
    }
  }

  private int intValue(String name) {
    long v = longValue(name);
    if (v > Integer.MAX_VALUE) {
      throw new InvalidConfigException("invalid value '" + values.get(name) + "' for " + name + ": too large");
    }
    return (int) v;
  }

  private long longValue(String name) {
    String text = values.get(name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException("invalid value '" + text + "' for " + name + ": must be a whole number");
    }
  }

  /** A listener: host and port. */
  public record Listener(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  public Listener listener() {
    return parseListener("listeners", values.get("listeners"));
  }

  /** The address Metadata gives clients: advertised.listeners, else the bound listener. */
  public Listener advertisedListener(int boundPort) {
    String advertised = values.get("advertised.listeners");
    if (advertised != null && !advertised.isEmpty()) {
      return parseListener("advertised.listeners", advertised);
    }
    return new Listener(listener().host(), boundPort);
  }

  private static Listener parseListener(String key, String text) {
    String value = text.trim();
    if (value.contains(",")) {
      throw new InvalidConfigException(key + " lists more than one listener ('" + value + "'); Runnel serves one");
    }
    String prefix = "PLAINTEXT://";
    if (!value.startsWith(prefix)) {
      throw new InvalidConfigException("invalid value '" + value + "' for " + key
          + ": use PLAINTEXT://host:port (security protocols other than PLAINTEXT are not supported yet)");
    }
    String hostPort = value.substring(prefix.length());
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new InvalidConfigException("invalid value '" + value + "' for " + key + ": missing host or port");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new Listener(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException("invalid port in " + key + " '" + value + "': must be 0 to 65535");
    }
  }

  public int nodeId() {
    int id = intValue("node.id");
    if (id < 0) {
      throw new InvalidConfigException("invalid value '" + id + "' for node.id: cannot be negative");
    }
    return id;
  }

  /** The voters of the metadata quorum; empty for a one-node quorum. */
  public QuorumVoters quorumVoters() {
    return QuorumVoters.parse(values.get("controller.quorum.voters"));
  }

  public long brokerSessionTimeoutMs() {
    return longValue("broker.session.timeout.ms");
  }

  public long brokerHeartbeatIntervalMs() {
    return longValue("broker.heartbeat.interval.ms");
  }

  /** controlled.shutdown.enable: whether a clean stop hands this node's leaderships over first. */
  public boolean controlledShutdownEnable() {
    return Boolean.parseBoolean(values.get("controlled.shutdown.enable"));
  }

  /** controlled.shutdown.timeout.ms: the longest a clean stop waits for the quorum to apply the handover. */
  public long controlledShutdownTimeoutMs() {
    return longValue("controlled.shutdown.timeout.ms");
  }

  public List<Path> logDirs() {
    List<Path> dirs = new ArrayList<>();
    for (String d : values.get("log.dirs").split(",")) {
      if (!d.isBlank()) {
        dirs.add(Path.of(d.trim()));
      }
    }
    return dirs;
  }

  public int numPartitions() {
    return intValue("num.partitions");
  }

  /** How often the high watermarks are checkpointed to each log dir. */
  public long highWatermarkCheckpointIntervalMs() {
    return longValue("replica.high.watermark.checkpoint.interval.ms");
  }

  /** How long a follower may stay behind the leader's log end before it leaves the ISR. */
  public long replicaLagTimeMaxMs() {
    return longValue("replica.lag.time.max.ms");
  }

  /** How long a follower's fetch waits at the leader for data. */
  public int replicaFetchWaitMaxMs() {
    return intValue("replica.fetch.wait.max.ms");
  }

  /** Bytes a follower asks for per partition and fetch. */
  public int replicaFetchMaxBytes() {
    return intValue("replica.fetch.max.bytes");
  }

  public short defaultReplicationFactor() {
    return (short) intValue("default.replication.factor");
  }

  public boolean autoCreateTopics() {
    return Boolean.parseBoolean(values.get("auto.create.topics.enable"));
  }

  public int socketRequestMaxBytes() {
    return intValue("socket.request.max.bytes");
  }

  public int numIoThreads() {
    return intValue("num.io.threads");
  }

  public int numNetworkThreads() {
    return intValue("num.network.threads");
  }

  public int numRecoveryThreads() {
    return intValue("num.recovery.threads.per.data.dir");
  }

  public long flushSchedulerIntervalMs() {
    return longValue("log.flush.scheduler.interval.ms");
  }

  public long retentionCheckIntervalMs() {
    return longValue("log.retention.check.interval.ms");
  }

  public long cleanerBackoffMs() {
    return longValue("log.cleaner.backoff.ms");
  }

  public int offsetsTopicPartitions() {
    return intValue("offsets.topic.num.partitions");
  }

  /** offsets.topic.replication.factor: the wanted replicas of each {@code __consumer_offsets} partition. */
  public short offsetsTopicReplicationFactor() {
    return (short) intValue("offsets.topic.replication.factor");
  }

  /** offsets.commit.timeout.ms: how long a group write waits for the in-sync replicas of its offsets partition. */
  public long offsetsCommitTimeoutMs() {
    return longValue("offsets.commit.timeout.ms");
  }

  /** auto.leader.rebalance.enable: whether leadership returns to preferred replicas. */
  public boolean autoLeaderRebalance() {
    return Boolean.parseBoolean(values.get("auto.leader.rebalance.enable"));
  }

  /** leader.imbalance.check.interval.seconds, in milliseconds. */
  public long leaderImbalanceCheckIntervalMs() {
    return intValue("leader.imbalance.check.interval.seconds") * 1000L;
  }

  public long groupInitialRebalanceDelayMs() {
    return longValue("group.initial.rebalance.delay.ms");
  }

  public long groupMinSessionTimeoutMs() {
    return longValue("group.min.session.timeout.ms");
  }

  public long groupMaxSessionTimeoutMs() {
    return longValue("group.max.session.timeout.ms");
  }

  /** The broker-level settings in force (not the topic defaults), for DescribeConfigs. */
  public Map<String, String> values() {
    return values;
  }

  /** The topic config a new topic gets before its own settings are applied. */
  public LogConfig topicDefaults() {
    return topicDefaults;
  }

  @Override
  public String toString() {
    return "ServerConfig" + values + " topic defaults " + topicDefaults.originals();
  }
}
