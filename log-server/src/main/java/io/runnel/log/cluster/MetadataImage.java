package io.runnel.log.cluster;

import io.runnel.log.cluster.MetadataCommand.AddPartitions;
import io.runnel.log.cluster.MetadataCommand.AllocateProducerIds;
import io.runnel.log.cluster.MetadataCommand.AlterIsr;
import io.runnel.log.cluster.MetadataCommand.CreateTopic;
import io.runnel.log.cluster.MetadataCommand.DeleteTopic;
import io.runnel.log.cluster.MetadataCommand.ElectPreferredLeaders;
import io.runnel.log.cluster.MetadataCommand.FenceBroker;
import io.runnel.log.cluster.MetadataCommand.InitCluster;
import io.runnel.log.cluster.MetadataCommand.RegisterBroker;
import io.runnel.log.cluster.MetadataCommand.SetConfigs;
import io.runnel.log.server.MetadataException;
import io.runnel.log.server.Topic;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster metadata at one index of the metadata log: the cluster id, the topics with their
 * partition states, the registered brokers and the next free producer id. Immutable: {@link
 * #apply} returns a new image. Snapshot layout ({@link #writeTo}):
 *
 * <pre>
 *   version:int32 (1) clusterId:str ("" = none) nextProducerId:int64
 *   brokers:int32 (nodeId:int32 host:str port:int32 fenced:bool)*
 *   topics:int32  (name:str idMsb:int64 idLsb:int64 configs partitions:int32
 *                  (replicas:int32 (id:int32)* leader:int32 leaderEpoch:int32 isr:int32 (id:int32)*)*)*
 * </pre>
 */
public final class MetadataImage {
  public static final MetadataImage EMPTY = new MetadataImage("", 0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  /** Each partition is a directory of open files: a request for more is a mistake, not a plan. */
  public static final int MAX_PARTITIONS = 10_000;

  private final String clusterId;
  private final long nextProducerId;
  private final TreeMap<Integer, BrokerRegistration> brokers;
  private final TreeMap<String, Topic> topics;
  private final TreeMap<String, List<PartitionState>> partitions;

  private MetadataImage(String clusterId, long nextProducerId, TreeMap<Integer, BrokerRegistration> brokers,
      TreeMap<String, Topic> topics, TreeMap<String, List<PartitionState>> partitions) {
    this.clusterId = clusterId;
    this.nextProducerId = nextProducerId;
    this.brokers = brokers;
    this.topics = topics;
    this.partitions = partitions;
  }

  /** The cluster id, empty until the first node initialized it. */
  public String clusterId() {
    return clusterId;
  }

  public Collection<Topic> topics() {
    return topics.values();
  }

  public Optional<Topic> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  /** The state of every partition of {@code topic} (index = partition), empty for an unknown topic. */
  public List<PartitionState> partitions(String topic) {
    return partitions.getOrDefault(topic, List.of());
  }

  public Optional<PartitionState> partition(String topic, int partition) {
    List<PartitionState> states = partitions(topic);
    return partition >= 0 && partition < states.size() ? Optional.of(states.get(partition)) : Optional.empty();
  }

  public Collection<BrokerRegistration> brokers() {
    return brokers.values();
  }

  public Optional<BrokerRegistration> broker(int nodeId) {
    return Optional.ofNullable(brokers.get(nodeId));
  }

  /** The unfenced brokers, by node id. */
  public List<BrokerRegistration> liveBrokers() {
    return brokers.values().stream().filter(b -> !b.fenced()).toList();
  }

  /** A partition of a topic with its state, for listings. */
  public record PartitionEntry(String topic, int partition, PartitionState state) {}

  /** The partitions whose ISR is smaller than their replica set, by topic and partition. */
  public List<PartitionEntry> underReplicatedPartitions() {
    List<PartitionEntry> out = new ArrayList<>();
    partitions.forEach((topic, states) -> {
      for (int p = 0; p < states.size(); p++) {
        if (states.get(p).underReplicated()) {
          out.add(new PartitionEntry(topic, p, states.get(p)));
        }
      }
    });
    return out;
  }

  /** A new image and the reply to the node that submitted the command. */
  record Applied(MetadataImage image, CommandResult result) {}

  /** Applies {@code command}; deterministic, so that every replica computes the same image. */
  Applied apply(MetadataCommand command) {
    if (command instanceof InitCluster c) {
      if (!clusterId.isEmpty()) {
        return new Applied(this, CommandResult.ok(clusterId, 0));
      }
      return new Applied(new MetadataImage(c.clusterId(), nextProducerId, brokers, topics, partitions),
          CommandResult.ok(c.clusterId(), 0));
    }
    if (command instanceof RegisterBroker c) {
      return registerBroker(c);
    }
    if (command instanceof FenceBroker c) {
      return fenceBroker(c.nodeId());
    }
    if (command instanceof CreateTopic c) {
      return createTopic(c);
    }
    if (command instanceof DeleteTopic c) {
      if (!topics.containsKey(c.name())) {
        return unknown(c.name());
      }
      TreeMap<String, Topic> t = new TreeMap<>(topics);
      TreeMap<String, List<PartitionState>> p = new TreeMap<>(partitions);
      t.remove(c.name());
      p.remove(c.name());
      return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, t, p), CommandResult.ok("", 0));
    }
    if (command instanceof AddPartitions c) {
      return addPartitions(c);
    }
    if (command instanceof AlterIsr c) {
      return alterIsr(c);
    }
    if (command instanceof ElectPreferredLeaders) {
      return electPreferredLeaders();
    }
    if (command instanceof MetadataCommand.ElectLeaders c) {
      return electLeaders(c);
    }
    if (command instanceof MetadataCommand.ConfirmLeader c) {
      return new Applied(this, checkLeader(c.topic(), c.partition(), c.leader(), c.leaderEpoch()));
    }
    if (command instanceof SetConfigs c) {
      Topic topic = topics.get(c.name());
      if (topic == null) {
        return unknown(c.name());
      }
      TreeMap<String, Topic> t = new TreeMap<>(topics);
      t.put(c.name(), new Topic(topic.name(), topic.id(), topic.partitions(), c.configs()));
      return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, t, partitions), CommandResult.ok("", 0));
    }
    AllocateProducerIds c = (AllocateProducerIds) command;
    long first = Math.max(nextProducerId, c.atLeast());
    return new Applied(new MetadataImage(clusterId, first + c.count(), brokers, topics, partitions),
        CommandResult.ok("", first));
  }

  private Applied alterIsr(AlterIsr c) {
    Optional<PartitionState> current = partition(c.topic(), c.partition());
    if (current.isEmpty()) {
      return unknown(c.topic());
    }
    PartitionState s = current.get();
    CommandResult leads = checkLeader(c.topic(), c.partition(), c.leader(), c.leaderEpoch());
    if (!leads.succeeded()) {
      return new Applied(this, leads);
    }
    if (!c.isr().contains(c.leader()) || !s.replicas().containsAll(c.isr())) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.STALE_PARTITION_STATE, "ISR "
          + c.isr() + " of " + c.topic() + "-" + c.partition() + " must hold its leader and only its replicas "
          + s.replicas()));
    }
    for (int id : c.isr()) {
      BrokerRegistration reg = brokers.get(id);
      // KIP-841: only a registered, unfenced broker joins an ISR. A node in a controlled shutdown is fenced
      // but may still fetch (and catch up) until it stops: it must not be added back.
      if (!s.isr().contains(id) && (reg == null || reg.fenced())) {
        return new Applied(this, CommandResult.refused(MetadataException.Reason.INELIGIBLE_REPLICA, "node " + id
            + " cannot join the ISR of " + c.topic() + "-" + c.partition() + ": it is "
            + (reg == null ? "not registered" : "fenced") + " (it joins once it registers again and catches up)"));
      }
    }
    List<PartitionState> states = new ArrayList<>(partitions(c.topic()));
    states.set(c.partition(), s.withIsr(c.isr()));
    TreeMap<String, List<PartitionState>> p = new TreeMap<>(partitions);
    p.put(c.topic(), List.copyOf(states));
    return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, topics, p), CommandResult.ok("", 0));
  }

  /** Success when {@code leader} leads the partition in {@code leaderEpoch}, else the refusal saying who does. */
  private CommandResult checkLeader(String topic, int partition, int leader, int leaderEpoch) {
    Optional<PartitionState> current = partition(topic, partition);
    if (current.isEmpty()) {
      return unknown(topic).result();
    }
    PartitionState s = current.get();
    if (s.leader() != leader || s.leaderEpoch() != leaderEpoch) {
      return CommandResult.refused(MetadataException.Reason.STALE_PARTITION_STATE, "partition " + topic + "-"
          + partition + " is led by node " + s.leader() + " in epoch " + s.leaderEpoch() + ", not by node " + leader
          + " in epoch " + leaderEpoch);
    }
    return CommandResult.ok("", 0);
  }

  private Applied unknown(String name) {
    return new Applied(this, CommandResult.refused(MetadataException.Reason.UNKNOWN_TOPIC,
        "topic '" + name + "' does not exist"));
  }

  private Applied registerBroker(RegisterBroker c) {
    TreeMap<Integer, BrokerRegistration> b = new TreeMap<>(brokers);
    b.put(c.nodeId(), new BrokerRegistration(c.nodeId(), c.host(), c.port(), false));
    // Clean election only: a returning broker leads a leaderless partition only if it is in the ISR.
    TreeMap<String, List<PartitionState>> p = mapPartitions(s -> !s.hasLeader() && s.isr().contains(c.nodeId())
        ? s.withLeader(c.nodeId(), s.isr()) : s);
    return new Applied(new MetadataImage(clusterId, nextProducerId, b, topics, p), CommandResult.ok("", 0));
  }

  private Applied fenceBroker(int nodeId) {
    BrokerRegistration reg = brokers.get(nodeId);
    if (reg == null || reg.fenced()) {
      return new Applied(this, CommandResult.ok("", 0));
    }
    TreeMap<Integer, BrokerRegistration> b = new TreeMap<>(brokers);
    b.put(nodeId, reg.fence());
    TreeMap<String, List<PartitionState>> p = mapPartitions(s -> {
      if (s.leader() != nodeId) {
        // A fenced follower is out of sync: it leaves the ISR (it returns once it catches up again).
        if (s.hasLeader() && s.isr().contains(nodeId) && s.isr().size() > 1) {
          List<Integer> isr = new ArrayList<>(s.isr());
          isr.remove(Integer.valueOf(nodeId));
          return s.withIsr(isr);
        }
        return s;
      }
      for (int candidate : s.isr()) {
        BrokerRegistration r = b.get(candidate);
        if (candidate != nodeId && r != null && !r.fenced()) {
          List<Integer> isr = new ArrayList<>(s.isr());
          isr.remove(Integer.valueOf(nodeId));
          return s.withLeader(candidate, isr);
        }
      }
      // No other in-sync replica: the partition waits for one (the ISR keeps the last leader).
      return s.withLeader(PartitionState.NO_LEADER, s.isr());
    });
    return new Applied(new MetadataImage(clusterId, nextProducerId, b, topics, p), CommandResult.ok("", 0));
  }

  /**
   * The number of partitions whose preferred replica (the first of its replicas) could lead but does
   * not: it is a live broker and in the ISR, and another broker leads or nobody does.
   */
  public int preferredLeaderImbalance() {
    int count = 0;
    for (List<PartitionState> states : partitions.values()) {
      for (PartitionState s : states) {
        if (canLeadAsPreferred(s)) {
          count++;
        }
      }
    }
    return count;
  }

  private boolean canLeadAsPreferred(PartitionState s) {
    int preferred = s.replicas().get(0);
    return s.leader() != preferred && isLive(preferred) && s.isr().contains(preferred);
  }

  private Applied electPreferredLeaders() {
    int moved = preferredLeaderImbalance();
    if (moved == 0) {
      return new Applied(this, CommandResult.ok("", 0));
    }
    TreeMap<String, List<PartitionState>> p = mapPartitions(s -> canLeadAsPreferred(s)
        ? s.withLeader(s.replicas().get(0), s.isr()) : s);
    return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, topics, p), CommandResult.ok("", moved));
  }

  /** What an operator's election would do for one partition now (see {@link #election}). */
  public enum ElectionOutcome {
    /** The partition gets a new leader. */
    ELECT,
    /** It is already led as asked (by its preferred replica; unclean: by anyone). */
    NOT_NEEDED,
    /** Nobody can lead it as asked: the preferred replica is not live and in sync, or no replica is live. */
    NOT_AVAILABLE,
    /** No such topic or partition. */
    UNKNOWN
  }

  /** The outcome for one partition, the leader it would get (ELECT) and why, for the operator. */
  public record Election(ElectionOutcome outcome, int leader, String reason) {}

  /**
   * Kafka's ElectLeaders for one partition at this image. Preferred: its first replica leads, if
   * it is live, in the ISR and not already the leader. Unclean: only a partition without a leader,
   * led by a live in-sync replica if there is one, else by its first live replica with an ISR of
   * that replica alone (what only the others had may be lost: the operator asked for it).
   */
  public Election election(String topic, int partition, boolean unclean) {
    Optional<PartitionState> found = partition(topic, partition);
    if (found.isEmpty()) {
      return new Election(ElectionOutcome.UNKNOWN, -1, "partition " + topic + "-" + partition + " does not exist");
    }
    PartitionState s = found.get();
    String name = topic + "-" + partition;
    if (!unclean) {
      int preferred = s.replicas().get(0);
      if (s.leader() == preferred) {
        return new Election(ElectionOutcome.NOT_NEEDED, preferred, name + " is already led by its preferred replica "
            + preferred);
      }
      if (!isLive(preferred) || !s.isr().contains(preferred)) {
        return new Election(ElectionOutcome.NOT_AVAILABLE, -1, "the preferred replica " + preferred + " of " + name
            + " is " + (isLive(preferred) ? "not in the ISR " + s.isr() + " (it joins once it has caught up)"
                : "not a live broker"));
      }
      return new Election(ElectionOutcome.ELECT, preferred, "");
    }
    if (s.hasLeader()) {
      return new Election(ElectionOutcome.NOT_NEEDED, s.leader(), name + " has a leader (node " + s.leader() + ")");
    }
    for (int r : s.isr()) {
      if (isLive(r)) {
        return new Election(ElectionOutcome.ELECT, r, "");
      }
    }
    for (int r : s.replicas()) {
      if (isLive(r)) {
        return new Election(ElectionOutcome.ELECT, r, "");
      }
    }
    return new Election(ElectionOutcome.NOT_AVAILABLE, -1, "no replica of " + name + " " + s.replicas()
        + " is a live broker");
  }

  private boolean isLive(int nodeId) {
    BrokerRegistration reg = brokers.get(nodeId);
    return reg != null && !reg.fenced();
  }

  private Applied electLeaders(MetadataCommand.ElectLeaders c) {
    TreeMap<String, List<PartitionState>> p = new TreeMap<>(partitions);
    int moved = 0;
    for (MetadataCommand.ElectLeaders.Target t : c.partitions()) {
      Election e = election(t.topic(), t.partition(), c.unclean());
      if (e.outcome() != ElectionOutcome.ELECT) {
        continue;
      }
      List<PartitionState> states = new ArrayList<>(p.get(t.topic()));
      PartitionState s = states.get(t.partition());
      List<Integer> isr = s.isr().contains(e.leader()) ? s.isr() : List.of(e.leader());
      states.set(t.partition(), s.withLeader(e.leader(), isr));
      p.put(t.topic(), List.copyOf(states));
      moved++;
    }
    if (moved == 0) {
      return new Applied(this, CommandResult.ok("", 0));
    }
    return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, topics, p), CommandResult.ok("", moved));
  }

  private TreeMap<String, List<PartitionState>> mapPartitions(java.util.function.UnaryOperator<PartitionState> f) {
    TreeMap<String, List<PartitionState>> out = new TreeMap<>();
    partitions.forEach((topic, states) -> out.put(topic, states.stream().map(f).toList()));
    return out;
  }

  private Applied createTopic(CreateTopic c) {
    if (topics.containsKey(c.name())) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.TOPIC_ALREADY_EXISTS,
          "topic '" + c.name() + "' already exists"));
    }
    Optional<String> bad = checkCount(c.name(), c.partitions());
    if (bad.isPresent()) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.INVALID_PARTITIONS, bad.get()));
    }
    List<PartitionState> states = new ArrayList<>();
    Optional<String> refused = assign(c.name(), 0, c.partitions(), c.replicationFactor(), c.pinnedNode(), states);
    if (refused.isPresent()) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.INVALID_REPLICATION_FACTOR,
          refused.get()));
    }
    TreeMap<String, Topic> t = new TreeMap<>(topics);
    TreeMap<String, List<PartitionState>> p = new TreeMap<>(partitions);
    t.put(c.name(), new Topic(c.name(), c.id(), c.partitions(), c.configs()));
    p.put(c.name(), List.copyOf(states));
    return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, t, p), CommandResult.ok("", 0));
  }

  private static Optional<String> checkCount(String name, int count) {
    if (count < 1) {
      return Optional.of("topic '" + name + "' needs at least 1 partition, not " + count);
    }
    if (count > MAX_PARTITIONS) {
      return Optional.of("topic '" + name + "' asks for " + count + " partitions; a topic may have at most "
          + MAX_PARTITIONS);
    }
    return Optional.empty();
  }

  /**
   * Spreads partitions {@code from..to-1} over the live brokers, round robin from a start given by
   * the topic name (so that small topics do not all land on the lowest node id); replica k of
   * partition p is live broker (start + p + k) mod n; the first replica is the leader.
   */
  private Optional<String> assign(String topic, int from, int to, short replicationFactor, int pinned,
      List<PartitionState> out) {
    List<Integer> live = new ArrayList<>();
    if (pinned >= 0) {
      live.add(pinned);
    } else {
      liveBrokers().forEach(b -> live.add(b.nodeId()));
    }
    if (live.size() < replicationFactor) {
      return Optional.of("topic '" + topic + "': replication factor " + replicationFactor + " needs "
          + replicationFactor + " live brokers and this cluster has " + live.size());
    }
    int start = Math.floorMod(topic.hashCode(), live.size());
    for (int p = from; p < to; p++) {
      List<Integer> replicas = new ArrayList<>();
      for (int k = 0; k < replicationFactor; k++) {
        replicas.add(live.get((start + p + k) % live.size()));
      }
      out.add(new PartitionState(replicas, replicas.get(0), 0, replicas));
    }
    return Optional.empty();
  }

  private Applied addPartitions(AddPartitions c) {
    Topic topic = topics.get(c.name());
    if (topic == null) {
      return unknown(c.name());
    }
    if (c.newCount() <= topic.partitions()) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.INVALID_PARTITIONS, "topic '" + c.name()
          + "' has " + topic.partitions() + " partitions; the new count must be larger, not " + c.newCount()));
    }
    Optional<String> bad = checkCount(c.name(), c.newCount());
    if (bad.isPresent()) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.INVALID_PARTITIONS, bad.get()));
    }
    List<PartitionState> states = new ArrayList<>(partitions(c.name()));
    PartitionState first = states.get(0);
    // New partitions keep the topic's replication factor; a topic pinned to one node stays there.
    boolean pinned = states.stream().allMatch(s -> s.replicas().equals(first.replicas())) && states.size() > 1;
    Optional<String> refused = assign(c.name(), topic.partitions(), c.newCount(), (short) first.replicas().size(),
        pinned ? first.replicas().get(0) : -1, states);
    if (refused.isPresent()) {
      return new Applied(this, CommandResult.refused(MetadataException.Reason.INVALID_REPLICATION_FACTOR,
          refused.get()));
    }
    TreeMap<String, Topic> t = new TreeMap<>(topics);
    TreeMap<String, List<PartitionState>> p = new TreeMap<>(partitions);
    t.put(c.name(), new Topic(topic.name(), topic.id(), c.newCount(), topic.configs()));
    p.put(c.name(), List.copyOf(states));
    return new Applied(new MetadataImage(clusterId, nextProducerId, brokers, t, p), CommandResult.ok("", 0));
  }

  /** Writes this image as a snapshot (layout in the class comment). */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(1);
    out.writeUTF(clusterId);
    out.writeLong(nextProducerId);
    out.writeInt(brokers.size());
    for (BrokerRegistration b : brokers.values()) {
      out.writeInt(b.nodeId());
      out.writeUTF(b.host());
      out.writeInt(b.port());
      out.writeBoolean(b.fenced());
    }
    out.writeInt(topics.size());
    for (Topic t : topics.values()) {
      out.writeUTF(t.name());
      out.writeLong(t.id().getMostSignificantBits());
      out.writeLong(t.id().getLeastSignificantBits());
      MetadataCommand.writeConfigs(out, t.configs());
      List<PartitionState> states = partitions(t.name());
      out.writeInt(states.size());
      for (PartitionState s : states) {
        writeIds(out, s.replicas());
        out.writeInt(s.leader());
        out.writeInt(s.leaderEpoch());
        writeIds(out, s.isr());
      }
    }
  }

  private static void writeIds(DataOutput out, List<Integer> ids) throws IOException {
    out.writeInt(ids.size());
    for (int id : ids) {
      out.writeInt(id);
    }
  }

  private static List<Integer> readIds(DataInput in) throws IOException {
    int n = in.readInt();
    List<Integer> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(in.readInt());
    }
    return ids;
  }

  /** Reads a snapshot written by {@link #writeTo}. */
  static MetadataImage readFrom(DataInput in) throws IOException {
    int version = in.readInt();
    if (version != 1) {
      throw new IOException("metadata snapshot version " + version + " is not known to this version of Runnel");
    }
    String clusterId = in.readUTF();
    long nextProducerId = in.readLong();
    TreeMap<Integer, BrokerRegistration> brokers = new TreeMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      BrokerRegistration b = new BrokerRegistration(in.readInt(), in.readUTF(), in.readInt(), in.readBoolean());
      brokers.put(b.nodeId(), b);
    }
    TreeMap<String, Topic> topics = new TreeMap<>();
    TreeMap<String, List<PartitionState>> partitions = new TreeMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      String name = in.readUTF();
      UUID id = new UUID(in.readLong(), in.readLong());
      Map<String, String> configs = MetadataCommand.readConfigs(in);
      int count = in.readInt();
      List<PartitionState> states = new ArrayList<>(count);
      for (int p = 0; p < count; p++) {
        states.add(new PartitionState(readIds(in), in.readInt(), in.readInt(), readIds(in)));
      }
      topics.put(name, new Topic(name, id, count, configs));
      partitions.put(name, List.copyOf(states));
    }
    return new MetadataImage(clusterId, nextProducerId, brokers, topics, partitions);
  }
}
