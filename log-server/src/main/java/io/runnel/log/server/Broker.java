package io.runnel.log.server;

import io.runnel.log.cluster.CommandResult;
import io.runnel.log.cluster.MetadataCommand;
import io.runnel.log.cluster.MetadataImage;
import io.runnel.log.cluster.MetadataQuorum;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.cluster.QuorumUnavailableException;
import io.runnel.log.storage.InvalidConfigException;
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
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one broker behind the protocol: its settings, its partition logs and its member of
 * the metadata quorum. The quorum's {@link MetadataImage} is the source of truth for topics,
 * partition assignments, leaders and brokers; this class keeps the local logs in step with it (a
 * partition assigned to this node has its log exactly while its topic exists) and applies each
 * topic's configs over the broker's defaults. Topic changes are validated here, then replicated
 * through the quorum and applied on every node; a call returns once the change is applied here.
 *
 * <p>On first start of a node whose data was written by a single-node Runnel without the quorum,
 * the topics of {@code __runnel_metadata/topics/} are moved into the quorum once (assigned to this
 * node, with their ids) and the directory is renamed {@code topics.migrated}.
 *
 * <p>Replication: every hosted partition is a {@link Partition} (leader or follower) updated from
 * the image; while this node leads a partition it shrinks the ISR of followers lagging more than
 * {@code replica.lag.time.max.ms} (checked on one background thread) and adds followers that caught
 * up, both through the quorum ({@link MetadataCommand.AlterIsr}) without waiting for it: one change in
 * flight per partition, each partition's independent of the others'. The replica fetchers (in the
 * protocol package) learn of follower changes through {@link #addMetadataListener}, as the group
 * coordinator does.
 *
 * <p>Thread-safe; the local logs are reconciled on Ratis' apply thread, serialized on this object.
 */
public final class Broker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

  private final ServerConfig config;
  private final LogManager logs;
  private final MetadataQuorum quorum;
  private final List<Consumer<MetadataImage>> metadataListeners = new CopyOnWriteArrayList<>();
  private volatile String clusterId = "";
  private volatile boolean reconciling;
  private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
  /**
   * Per partition, the ISR change in flight ({@code Long.MAX_VALUE}) or the metadata log index of
   * the last one decided, until this node has applied it: a request made from a state older than
   * that would only repeat it.
   */
  private final Map<TopicPartition, Long> pendingIsrChanges = new ConcurrentHashMap<>();
  private final ScheduledExecutorService isrThread;
  private final List<Consumer<TopicPartition>> highWatermarkListeners = new CopyOnWriteArrayList<>();

  private Broker(ServerConfig config, LogManager logs, MetadataQuorum quorum) {
    this.config = config;
    this.logs = logs;
    this.quorum = quorum;
    this.isrThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "isr-updates-" + config.nodeId());
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(10, config.replicaLagTimeMaxMs() / 2);
    isrThread.scheduleWithFixedDelay(this::shrinkIsrs, every, every, TimeUnit.MILLISECONDS);
    long checkpointEvery = config.highWatermarkCheckpointIntervalMs();
    isrThread.scheduleWithFixedDelay(this::checkpointHighWatermarks, checkpointEvery, checkpointEvery,
        TimeUnit.MILLISECONDS);
  }

  /** Writes every hosted partition's high watermark to its log dir (Kafka's replication-offset-checkpoint). */
  private void checkpointHighWatermarks() {
    try {
      Map<TopicPartition, Long> hws = new HashMap<>();
      partitions.forEach((tp, p) -> hws.put(tp, p.highWatermark()));
      logs.checkpointHighWatermarks(hws);
    } catch (RuntimeException e) {
      // Only costs a restarted leader a wait for its followers; the next round tries again.
      LOG.warn("cannot checkpoint the high watermarks of node {}: {}", nodeId(), e.toString());
    }
  }

  /**
   * Opens the logs under {@code log.dirs} (recovering what needs it), joins the metadata quorum,
   * waits until this node has caught up with it and, when its listener has a fixed port, registers
   * this node with its advertised endpoint ({@code LogServer} registers the bound one).
   */
  public static Broker open(ServerConfig config, InstantSource clock) {
    LogManager logs = LogManager.open(config.logDirs(), config.topicDefaults(), clock,
        config.numRecoveryThreads() * config.logDirs().size());
    MetadataQuorum quorum = null;
    try {
      Path metadataDir = config.logDirs().get(0).resolve("__runnel_metadata");
      String localClusterId = readOrCreateClusterId(metadataDir, config.nodeId());
      quorum = MetadataQuorum.start(config.nodeId(), config.quorumVoters(), metadataDir.resolve("quorum"),
          config.brokerSessionTimeoutMs());
      Broker broker = new Broker(config, logs, quorum);
      quorum.onImage((image, index) -> broker.onImage());
      quorum.awaitCaughtUp();
      broker.clusterId = quorum.submit(new MetadataCommand.InitCluster(localClusterId)).message();
      // With a fixed port the endpoint is known now; with port 0 the server registers once it is bound.
      if (config.listener().port() != 0) {
        ServerConfig.Listener advertised = config.advertisedListener(config.listener().port());
        quorum.submit(new MetadataCommand.RegisterBroker(config.nodeId(), advertised.host(), advertised.port()));
      }
      broker.migrateLegacyTopics(metadataDir);
      broker.reconciling = true;
      broker.reconcile();
      if (config.autoLeaderRebalance()) {
        quorum.electPreferredLeadersEvery(config.leaderImbalanceCheckIntervalMs());
      }
      return broker;
    } catch (RuntimeException e) {
      if (quorum != null) {
        quorum.close();
      }
      logs.close();
      throw e;
    }
  }

  /**
   * Adds a listener called (on the thread that moved it, often a network thread: it must not block)
   * when a partition's high watermark or leadership may have changed, or its leader appended.
   */
  public void onHighWatermark(Consumer<TopicPartition> listener) {
    highWatermarkListeners.add(listener);
  }

  private void highWatermarkMoved(TopicPartition tp) {
    for (Consumer<TopicPartition> listener : highWatermarkListeners) {
      listener.accept(tp);
    }
  }

  /**
   * Asks the metadata quorum whether this node still leads {@code tp} in {@code leaderEpoch}; the
   * future completes with false when it does not or when no quorum answered in time. This node's
   * own image may be behind (a paused or cut-off node learns of a new leader only when it applies
   * the metadata log again), so an answer that only a current leader may give (a producer's
   * sequence gap) is checked here first.
   */
  public CompletableFuture<Boolean> confirmLeadership(TopicPartition tp, int leaderEpoch) {
    return quorum.submitAsync(new MetadataCommand.ConfirmLeader(tp.topic(), tp.partition(), nodeId(), leaderEpoch))
        .handle((committed, error) -> error == null && committed.result().succeeded());
  }

  /** Every partition hosted here, led here or followed. */
  public Collection<Partition> partitions() {
    return partitions.values();
  }

  /** The partition hosted here (leader or follower), if it is assigned to this node. */
  public Optional<Partition> partition(String topic, int partition) {
    if (topic == null || partition < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(partitions.get(new TopicPartition(topic, partition)));
  }

  /**
   * Sends an ISR change through the quorum, at most one in flight per partition. Asynchronous: the
   * caller (a request handler, or the ISR thread) does not wait, and a change that waits on the
   * quorum (no Raft leader yet, a stalled node) holds back neither the ISR checks nor the changes
   * of other partitions. The partition takes the new ISR from the image once it is applied here.
   */
  void requestIsr(TopicPartition tp, int leader, int leaderEpoch, List<Integer> isr) {
    Long waiting = pendingIsrChanges.get(tp);
    if (waiting != null) {
      if (quorum.appliedIndex() < waiting) {
        return; // in flight, or decided but not applied here yet
      }
      pendingIsrChanges.remove(tp, waiting);
    }
    if (pendingIsrChanges.putIfAbsent(tp, Long.MAX_VALUE) != null) {
      return;
    }
    CompletableFuture<MetadataQuorum.Committed> sent;
    try {
      sent = quorum.submitAsync(new MetadataCommand.AlterIsr(tp.topic(), tp.partition(), leader, leaderEpoch, isr));
    } catch (RuntimeException e) {
      pendingIsrChanges.remove(tp);
      LOG.warn("{}: could not change the ISR to {}: {}", tp, isr, e.toString());
      return;
    }
    sent.whenComplete((c, e) -> {
      if (e != null) {
        pendingIsrChanges.remove(tp);
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause() : e;
        LOG.warn("{}: could not change the ISR to {}: {}", tp, isr, cause.toString());
        return;
      }
      pendingIsrChanges.replace(tp, Long.MAX_VALUE, c.logIndex());
      if (c.result().succeeded()) {
        LOG.info("{}: in-sync replicas are now {} (leader {}, epoch {})", tp, isr, leader, leaderEpoch);
      } else {
        LOG.debug("{}: ISR change to {} refused: {}", tp, isr, c.result().message());
      }
    });
  }

  /** On the ISR thread: drops followers that lag more than replica.lag.time.max.ms from the ISRs led here. */
  private void shrinkIsrs() {
    try {
      long now = System.currentTimeMillis();
      for (Partition p : partitions.values()) {
        List<Integer> lagging = p.laggingFollowers(now, config.replicaLagTimeMaxMs());
        PartitionState s = p.state();
        if (!lagging.isEmpty() && s != null) {
          List<Integer> isr = new java.util.ArrayList<>(s.isr());
          isr.removeAll(lagging);
          LOG.info("{}: followers {} did not catch up within replica.lag.time.max.ms={}; shrinking the ISR",
              p.topicPartition(), lagging, config.replicaLagTimeMaxMs());
          requestIsr(p.topicPartition(), nodeId(), s.leaderEpoch(), isr);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("node {} could not check the ISRs it leads: {}", nodeId(), e.toString());
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

  /** Moves the topic files of a single-node Runnel without the quorum into the quorum, once. */
  private void migrateLegacyTopics(Path metadataDir) {
    Path legacy = metadataDir.resolve("topics");
    if (!Files.isDirectory(legacy)) {
      return;
    }
    Collection<Topic> old = TopicRegistry.readLegacy(legacy);
    for (Topic t : old) {
      Optional<Topic> known = quorum.image().topic(t.name());
      if (known.isPresent()) {
        if (!known.get().id().equals(t.id())) {
          throw new IllegalStateException("topic '" + t.name() + "' in " + legacy + " (id " + t.id() + ") is not the"
              + " cluster's topic of that name (id " + known.get().id() + "); move this node's data for it away"
              + " or rename the topic, then start again");
        }
        continue;
      }
      submit(new MetadataCommand.CreateTopic(t.name(), t.id(), t.partitions(), (short) 1, nodeId(), t.configs()));
    }
    try {
      Files.move(legacy, metadataDir.resolve("topics.migrated"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + legacy + " after moving its topics into the metadata quorum",
          e);
    }
    LOG.info("moved {} topic(s) from {} into the metadata quorum", old.size(), legacy);
  }

  private void onImage() {
    if (reconciling) {
      reconcile();
      MetadataImage image = quorum.image();
      for (Consumer<MetadataImage> l : metadataListeners) {
        l.accept(image);
      }
    }
  }

  /**
   * Calls {@code listener} with every new metadata image once this node's logs match it (leaders,
   * leader epochs, partitions created or deleted), on the metadata apply thread, in log order; the
   * group coordinator follows the leadership of {@code __consumer_offsets} this way. The listener
   * must return quickly (hand work to its own thread) and must not submit metadata commands.
   */
  public void addMetadataListener(Consumer<MetadataImage> listener) {
    metadataListeners.add(listener);
  }

  /**
   * Every partition assigned to this node has its log, with its topic's config; the logs of
   * partitions no longer assigned here (their topic was deleted) are deleted. Always works on the
   * newest image, so an older call cannot undo a newer one.
   */
  private synchronized void reconcile() {
    MetadataImage image = quorum.image();
    Set<TopicPartition> mine = new HashSet<>();
    for (Topic topic : image.topics()) {
      LogConfig cfg = topicConfig(topic);
      List<PartitionState> states = image.partitions(topic.name());
      for (int p = 0; p < states.size(); p++) {
        PartitionState state = states.get(p);
        if (state.replicas().contains(nodeId())) {
          TopicPartition tp = new TopicPartition(topic.name(), p);
          mine.add(tp);
          PartitionLog log = logs.getOrCreate(tp, topic.id(), cfg);
          log.updateConfig(cfg);
          Partition partition = partitions.get(tp);
          if (partition == null || partition.log() != log) {
            partition = new Partition(tp, log, nodeId(), this::requestIsr, () -> highWatermarkMoved(tp),
                logs.checkpointedHighWatermark(tp));
            partitions.put(tp, partition);
          }
          if (!state.equals(partition.state())) {
            partition.update(state, System.currentTimeMillis());
          }
        }
      }
    }
    for (TopicPartition tp : logs.all().keySet()) {
      if (!mine.contains(tp)) {
        LOG.warn("deleting the log of {}: its topic no longer exists or the partition is not assigned to node {}",
            tp, nodeId());
        partitions.remove(tp);
        logs.delete(tp);
      }
    }
    partitions.keySet().retainAll(mine);
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

  /** This node's member of the metadata quorum. */
  public MetadataQuorum quorum() {
    return quorum;
  }

  /** The cluster metadata as applied on this node. */
  public MetadataImage metadata() {
    return quorum.image();
  }

  public Optional<Topic> topic(String name) {
    return quorum.image().topic(name);
  }

  public Collection<Topic> topics() {
    return quorum.image().topics();
  }

  /**
   * The log of a partition that this node leads, for client requests; empty when the partition does
   * not exist or another node leads it (see {@link #partitionExists}).
   */
  public Optional<PartitionLog> log(String topic, int partition) {
    if (topic == null || topic.isEmpty() || partition < 0) {
      return Optional.empty();
    }
    Partition p = partitions.get(new TopicPartition(topic, partition));
    return p != null && p.isLeader() ? Optional.of(p.log()) : Optional.empty();
  }

  /** Whether the cluster has this partition (led here or elsewhere, or leaderless). */
  public boolean partitionExists(String topic, int partition) {
    return topic != null && quorum.image().partition(topic, partition).isPresent();
  }

  /** The effective config of a topic: the broker's defaults with the topic's own settings on top. */
  public LogConfig topicConfig(Topic topic) {
    return config.topicDefaults().with(topic.configs());
  }

  /** Creates a topic with one replica per partition, spread over the live brokers. */
  public Topic createTopic(String name, int partitions, Map<String, String> configs) {
    return createTopic(name, partitions, (short) 1, configs);
  }

  /**
   * Creates a topic whose partitions have {@code replicationFactor} replicas on distinct live
   * brokers (refused with INVALID_REPLICATION_FACTOR when there are fewer live brokers).
   */
  public Topic createTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    return create(name, partitions, replicationFactor, configs, -1);
  }

  /**
   * Creates an internal topic (the group coordinator's) with at most {@code replicationFactor}
   * replicas per partition: no more than the live brokers.
   * Its partitions are spread over the live brokers like any topic's, or all put on this node while
   * this node is not registered yet (a broker used without a listener).
   */
  public Topic createInternalTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    MetadataImage image = quorum.image();
    boolean registered = image.broker(nodeId()).filter(b -> !b.fenced()).isPresent();
    int live = image.liveBrokers().size();
    short rf = (short) Math.max(1, Math.min(replicationFactor, live));
    return create(name, partitions, registered ? rf : 1, configs, registered ? -1 : nodeId());
  }

  private Topic create(String name, int partitions, short replicationFactor, Map<String, String> configs,
      int pinnedNode) {
    TopicRegistry.validateName(name);
    validateConfigs(name, configs);
    if (replicationFactor < 1) {
      throw new MetadataException(MetadataException.Reason.INVALID_REPLICATION_FACTOR, "topic '" + name
          + "': replication factor must be at least 1, not " + replicationFactor);
    }
    submit(new MetadataCommand.CreateTopic(name, UUID.randomUUID(), partitions, replicationFactor, pinnedNode,
        configs));
    Topic topic = require(name);
    LOG.info("created topic {} with {} partition(s) and replication factor {} {}", name, partitions,
        replicationFactor, configs.isEmpty() ? "" : configs);
    return topic;
  }

  private void validateConfigs(String name, Map<String, String> configs) {
    try {
      config.topicDefaults().with(configs);
    } catch (InvalidConfigException e) {
      throw new MetadataException(MetadataException.Reason.INVALID_CONFIG, "topic '" + name + "': " + e.getMessage());
    }
  }

  private Topic require(String name) {
    return topic(name).orElseThrow(() -> new MetadataException(MetadataException.Reason.UNKNOWN_TOPIC,
        "topic '" + name + "' does not exist"));
  }

  private CommandResult submit(MetadataCommand command) {
    try {
      return quorum.submit(command).orThrow();
    } catch (QuorumUnavailableException e) {
      throw new MetadataException(MetadataException.Reason.QUORUM_UNAVAILABLE, e.getMessage());
    }
  }

  /** The topic, created with the broker's defaults when auto-creation is on; empty otherwise. */
  public Optional<Topic> topicOrAutoCreate(String name) {
    Optional<Topic> existing = topic(name);
    if (existing.isPresent() || !config.autoCreateTopics()) {
      return existing;
    }
    try {
      return Optional.of(createTopic(name, config.numPartitions(), config.defaultReplicationFactor(), Map.of()));
    } catch (MetadataException e) {
      if (e.reason() == MetadataException.Reason.TOPIC_ALREADY_EXISTS) {
        return topic(name); // another node created it first
      }
      throw e;
    }
  }

  public Topic deleteTopic(String name) {
    Topic topic = require(name);
    submit(new MetadataCommand.DeleteTopic(name));
    LOG.info("deleted topic {}", name);
    return topic;
  }

  public Topic addPartitions(String name, int newCount) {
    submit(new MetadataCommand.AddPartitions(name, newCount));
    LOG.info("topic {} now has {} partitions", name, newCount);
    return require(name);
  }

  /**
   * Kafka's ElectLeaders (preferred, or unclean): decides each partition on this node's image,
   * submits the elections that can happen as one command and reports, per partition, the outcome as
   * applied here. {@code requested} null means every partition; then, as Kafka answers, the
   * partitions already led as asked are left out.
   *
   * @throws MetadataException when no metadata quorum applied the elections
   */
  public Map<TopicPartition, MetadataImage.Election> electLeaders(boolean unclean, Collection<TopicPartition> requested) {
    MetadataImage before = quorum.image();
    List<TopicPartition> tps = new ArrayList<>();
    if (requested == null) {
      for (Topic topic : before.topics()) {
        for (int p = 0; p < topic.partitions(); p++) {
          tps.add(new TopicPartition(topic.name(), p));
        }
      }
    } else {
      tps.addAll(requested);
    }
    Map<TopicPartition, MetadataImage.Election> out = new LinkedHashMap<>();
    List<MetadataCommand.ElectLeaders.Target> targets = new ArrayList<>();
    for (TopicPartition tp : tps) {
      MetadataImage.Election e = before.election(tp.topic(), tp.partition(), unclean);
      out.put(tp, e);
      if (e.outcome() == MetadataImage.ElectionOutcome.ELECT) {
        targets.add(new MetadataCommand.ElectLeaders.Target(tp.topic(), tp.partition()));
      }
    }
    if (!targets.isEmpty()) {
      submit(new MetadataCommand.ElectLeaders(unclean, targets));
      MetadataImage after = quorum.image();
      for (MetadataCommand.ElectLeaders.Target t : targets) {
        TopicPartition tp = new TopicPartition(t.topic(), t.partition());
        Optional<PartitionState> now = after.partition(t.topic(), t.partition());
        if (now.isEmpty() || now.get().leader() != out.get(tp).leader()) {
          // The partition changed between the decision here and the command's: say what it is now.
          MetadataImage.Election again = after.election(t.topic(), t.partition(), unclean);
          out.put(tp, again.outcome() != MetadataImage.ElectionOutcome.ELECT ? again
              : new MetadataImage.Election(MetadataImage.ElectionOutcome.NOT_AVAILABLE, -1, tp + " changed while its"
                  + " election was applied and got no new leader; ask again"));
        } else {
          LOG.info("{}: node {} leads in epoch {} after an operator's {} election", tp, now.get().leader(),
              now.get().leaderEpoch(), unclean ? "unclean" : "preferred");
        }
      }
    }
    if (requested == null) {
      out.values().removeIf(e -> e.outcome() == MetadataImage.ElectionOutcome.NOT_NEEDED);
    }
    return out;
  }

  /** Replaces the explicit configs of a topic and applies them to its partition logs. */
  public Topic setTopicConfigs(String name, Map<String, String> configs) {
    require(name);
    validateConfigs(name, configs);
    submit(new MetadataCommand.SetConfigs(name, configs));
    LOG.info("topic {} configs are now {}", name, configs);
    return require(name);
  }

  /** Reserves {@code count} producer ids, the first at {@code atLeast} or later, unique in the cluster. */
  public long reserveProducerIds(long atLeast, int count) {
    return submit(new MetadataCommand.AllocateProducerIds(atLeast, count)).value();
  }

  /**
   * Kafka's controlled shutdown, the first step of a clean stop ({@code LogServer.close()} calls it
   * before the listener closes): the quorum fences this node, so each partition it leads is led by
   * another live in-sync replica in a new epoch (or by none when there is no such replica) and it
   * leaves every ISR it is not the last member of; returns once this node has applied that, so its
   * partitions are followers here and clients are sent to the new leaders. Never fails and waits at
   * most {@code controlled.shutdown.timeout.ms}: without a quorum it logs and returns, and the others
   * fence this node after {@code broker.session.timeout.ms}. Does nothing with {@code
   * controlled.shutdown.enable=false}, on a node alone in its quorum, or when no other broker is live
   * (nobody could take over). After it this node no longer registers itself again: call {@link #close} next.
   */
  public void controlledShutdown() {
    if (!config.controlledShutdownEnable() || config.quorumVoters().voters().size() <= 1) {
      return;
    }
    MetadataImage before = quorum.image();
    if (before.liveBrokers().stream().noneMatch(b -> b.nodeId() != nodeId())) {
      LOG.info("node {} stops without a controlled shutdown: no other broker is live to take over", nodeId());
      return;
    }
    long started = System.nanoTime();
    try {
      MetadataImage after = quorum.leaveForShutdown(config.controlledShutdownTimeoutMs());
      int moved = 0;
      int offline = 0;
      for (Topic topic : before.topics()) {
        List<PartitionState> was = before.partitions(topic.name());
        List<PartitionState> now = after.partitions(topic.name());
        for (int p = 0; p < was.size() && p < now.size(); p++) {
          if (was.get(p).leader() == nodeId()) {
            if (now.get(p).hasLeader()) {
              moved++;
            } else {
              offline++;
            }
          }
        }
      }
      LOG.info("node {} controlled shutdown in {} ms: leadership of {} partition(s) moved to other in-sync replicas,"
          + " {} left without a leader (no other in-sync replica)", nodeId(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), moved, offline);
    } catch (QuorumUnavailableException e) {
      LOG.warn("node {} stops without handing over its leaderships (the others fence it after"
          + " broker.session.timeout.ms={}): {}", nodeId(), config.brokerSessionTimeoutMs(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("node {} stops without handing over its leaderships: {}", nodeId(), e.toString(), e);
    }
  }

  /**
   * Leaves the quorum (stops heartbeating), checkpoints the high watermarks, then flushes,
   * checkpoints and closes every log.
   */
  @Override
  public void close() {
    isrThread.shutdownNow();
    try {
      isrThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    quorum.close();
    checkpointHighWatermarks();
    logs.close();
  }
}
