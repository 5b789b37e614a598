package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.Entry;
import io.runnel.log.group.OffsetsTopicFormat.GroupEntry;
import io.runnel.log.group.OffsetsTopicFormat.OffsetEntry;
import io.runnel.log.cluster.BrokerRegistration;
import io.runnel.log.cluster.MetadataImage;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.server.Broker;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.TopicPartition;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of this broker for classic (pre-KIP-848) groups: membership (JoinGroup,
 * SyncGroup, Heartbeat, LeaveGroup), committed offsets (OffsetCommit, OffsetFetch, OffsetDelete)
 * and group administration (ListGroups, DescribeGroups, DeleteGroups).
 *
 * <p>A group lives in one partition of {@code __consumer_offsets} ({@link #partitionFor}); the
 * leader of that partition is its coordinator ({@link #findCoordinator}). This coordinator follows
 * the metadata: when this node becomes the leader of an offsets partition it replays that
 * partition's groups and offsets (answering COORDINATOR_LOAD_IN_PROGRESS for them meanwhile), and
 * when it stops leading one it drops that partition's groups, answering their waiting requests and
 * every later one with NOT_COORDINATOR, so clients look for the new coordinator. Requests for
 * groups of partitions led elsewhere get NOT_COORDINATOR.
 *
 * <p>Every change of committed offsets and every new generation (members, protocol, leader,
 * assignments) is appended to the group's partition through its leader path and acknowledged only
 * once every in-sync replica has it (the partition's high watermark passed it, as Kafka writes
 * group records with acks=-1), so offsets and groups survive restarts and a failover to another
 * replica. Those waits hold no thread: they complete on this coordinator's write-completion thread. Members of a loaded group have one session
 * timeout to heartbeat again.
 *
 * <p>Lifecycle: construct, {@link #start} (loads the offsets partitions this node leads; register
 * the protocol handlers after it returns), {@link #close} (before closing the broker). Until start
 * completes every operation answers {@link GroupError#COORDINATOR_LOAD_IN_PROGRESS}, after close
 * {@link GroupError#COORDINATOR_NOT_AVAILABLE}: the coordinator never answers from state it has not
 * loaded. The offsets topic is created on first need (FindCoordinator, or any group operation).
 *
 * <p>Threading: thread-safe. Each group has its own lock; operations on different groups run in
 * parallel. JoinGroup and SyncGroup return futures that complete when the rebalance does, from the
 * thread that completes it (a request thread or the timer's); they are completed outside the
 * group's lock. Leadership changes arrive on the metadata apply thread, which only records them;
 * loading and unloading run in order on one loader thread of this coordinator. Timeouts come from
 * the {@link GroupTimer} and the clock given at construction.
 */
public final class GroupCoordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
  /** Kafka's offset.metadata.max.bytes default: the longest metadata string an offset commit may carry. */
  public static final int OFFSET_METADATA_MAX_BYTES = 4096;
  /** How long a request that created the offsets topic waits for this node to load its group's partition. */
  private static final long CREATE_LOAD_WAIT_MS = 30_000;

  private enum Phase { NEW, LOADING, SERVING, CLOSED }

  /** A node that coordinates groups, as FindCoordinator gives it. */
  public record Node(int nodeId, String host, int port) {}

  /**
   * The answer to FindCoordinator: {@code error} NONE and the coordinator's node id (its endpoint as
   * registered, or null for this node when it is not registered yet), or an error.
   */
  public record Lookup(GroupError error, int nodeId, Node endpoint) {
    static Lookup failed(GroupError error) {
      return new Lookup(error, -1, null);
    }
  }

  /** An offsets partition this node leads: loading until {@code done} completes. Identity matters. */
  private static final class Ownership {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile boolean loaded;
  }

  private final Broker broker;
  private final InstantSource clock;
  private final OffsetsTopic offsetsTopic;
  private final GroupMembership membership;
  private final GroupOffsets offsets;
  private final long minSessionTimeoutMs;
  private final long maxSessionTimeoutMs;
  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
  /** The offsets partitions this node leads, as of the newest image seen; written under this. */
  private final ConcurrentHashMap<Integer, Ownership> owned = new ConcurrentHashMap<>();
  private final ExecutorService loader;
  /** Completes group writes once the in-sync replicas have them (never on the network thread that learned it). */
  private final ExecutorService writeCompletions;
  private final ReplicatedWrites writes;
  private volatile Phase phase = Phase.NEW;

  /**
   * A coordinator over {@code broker}'s logs, with the group settings of its config ({@code
   * group.initial.rebalance.delay.ms}, {@code group.min/max.session.timeout.ms}, {@code
   * offsets.topic.num.partitions}, {@code offsets.topic.replication.factor}).
   */
  public GroupCoordinator(Broker broker, InstantSource clock, GroupTimer timer) {
    this.broker = broker;
    this.clock = clock;
    this.writeCompletions = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "group-writes-" + broker.nodeId());
      t.setDaemon(true);
      return t;
    });
    this.writes = new ReplicatedWrites(timer, writeCompletions, broker.config().offsetsCommitTimeoutMs());
    this.offsetsTopic = new OffsetsTopic(broker, clock, writes);
    this.minSessionTimeoutMs = broker.config().groupMinSessionTimeoutMs();
    this.maxSessionTimeoutMs = broker.config().groupMaxSessionTimeoutMs();
    this.membership = new GroupMembership(clock, timer, offsetsTopic, broker.config().groupInitialRebalanceDelayMs(),
        this::forget);
    this.offsets = new GroupOffsets(broker, clock, offsetsTopic, membership);
    this.loader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "group-loader-" + broker.nodeId());
      t.setDaemon(true);
      return t;
    });
  }

  /** As {@link #GroupCoordinator(Broker, InstantSource, GroupTimer)}, with timeouts run on {@code scheduler}. */
  public GroupCoordinator(Broker broker, InstantSource clock, ScheduledExecutorService scheduler) {
    this(broker, clock, GroupTimer.of(scheduler));
  }

  /**
   * Starts following the leadership of {@code __consumer_offsets} and loads the partitions this node
   * leads now. Call once, before the protocol handlers are registered; blocks until that load is done.
   *
   * @throws GroupStoreException when a record cannot be decoded (naming the partition and offset);
   *     the coordinator then keeps answering COORDINATOR_LOAD_IN_PROGRESS: do not serve clients
   */
  public void start() {
    synchronized (this) {
      if (phase != Phase.NEW) {
        throw new IllegalStateException("the group coordinator was already started (it is " + phase + ")");
      }
      phase = Phase.LOADING;
    }
    broker.addMetadataListener(image -> followLeadership());
    broker.onHighWatermark(tp -> {
      if (tp.topic().equals(OffsetsTopic.NAME)) {
        offsetsTopic.highWatermarkMoved(tp.partition());
      }
    });
    followLeadership();
    for (Ownership o : owned.values()) {
      try {
        o.done.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof GroupStoreException g) {
          throw g;
        }
        // the partition was lost again meanwhile, or could not be read: its groups wait for a new load
      }
    }
    synchronized (this) {
      if (phase == Phase.LOADING) {
        phase = Phase.SERVING;
      }
    }
  }

  /**
   * Compares the offsets partitions this node leads in the newest image with those it owns: records
   * the gained ones as loading and the lost ones as gone, and queues their loading and unloading.
   * Runs on the metadata apply thread (and once in start); quick.
   */
  private synchronized void followLeadership() {
    if (phase == Phase.CLOSED) {
      return;
    }
    List<PartitionState> states = broker.metadata().partitions(OffsetsTopic.NAME);
    for (int p = 0; p < states.size(); p++) {
      boolean leads = states.get(p).leader() == broker.nodeId();
      if (leads && !owned.containsKey(p)) {
        Ownership o = new Ownership();
        owned.put(p, o);
        int partition = p;
        loader.execute(() -> load(partition, o));
      }
    }
    for (Integer p : List.copyOf(owned.keySet())) {
      if (p >= states.size() || states.get(p).leader() != broker.nodeId()) {
        Ownership o = owned.remove(p);
        o.done.completeExceptionally(new IllegalStateException(OffsetsTopic.NAME + "-" + p + " is led elsewhere now"));
        loader.execute(() -> unload(p));
      }
    }
  }

  /** On the loader thread: replays one partition's groups and offsets, then serves them. */
  private void load(int partition, Ownership o) {
    if (owned.get(partition) != o) {
      return; // lost again before its turn
    }
    long began = System.nanoTime();
    try {
      dropGroupsOf(partition, GroupError.NOT_COORDINATOR); // left by a request that raced an earlier unload
      Map<String, Group> loaded = new HashMap<>();
      long records = offsetsTopic.replay(partition, entry -> apply(loaded, entry));
      int count = 0;
      int offsetCount = 0;
      for (Group g : loaded.values()) {
        if (g.isUnused()) {
          continue;
        }
        count++;
        offsetCount += g.offsets.size();
        groups.put(g.groupId, g);
        g.locked(() -> {
          membership.startSessions(g);
          return null;
        });
      }
      if (phase == Phase.CLOSED) {
        return;
      }
      o.loaded = true;
      o.done.complete(null);
      if (records > 0) {
        LOG.info("node {} coordinates {}-{}: loaded {} group(s) and {} committed offset(s) from {} record(s) in {} ms",
            broker.nodeId(), OffsetsTopic.NAME, partition, count, offsetCount, records,
            (System.nanoTime() - began) / 1_000_000);
      }
    } catch (RuntimeException e) {
      if (owned.get(partition) == o) {
        LOG.error("node {} cannot load {}-{}; its groups answer COORDINATOR_LOAD_IN_PROGRESS: {}", broker.nodeId(),
            OffsetsTopic.NAME, partition, e.getMessage());
      }
      o.done.completeExceptionally(e);
    }
  }

  /** On the loader thread: this node no longer leads {@code partition}; its groups go. */
  private void unload(int partition) {
    int dropped = dropGroupsOf(partition, GroupError.NOT_COORDINATOR);
    LOG.info("node {} no longer coordinates {}-{}: unloaded {} group(s)", broker.nodeId(), OffsetsTopic.NAME,
        partition, dropped);
  }

  private int dropGroupsOf(int partition, GroupError error) {
    int n = offsetsTopic.partitions();
    int dropped = 0;
    for (Group g : groups.values()) {
      if (n > 0 && OffsetsTopic.partitionFor(g.groupId, n) == partition) {
        g.locked(() -> {
          membership.stop(g, error);
          g.state = GroupState.DEAD;
          groups.remove(g.groupId, g);
          return null;
        });
        dropped++;
      }
    }
    return dropped;
  }

  private void apply(Map<String, Group> loaded, Entry entry) {
    Group g = loaded.computeIfAbsent(entry.groupId(), Group::new);
    if (entry instanceof OffsetEntry o) {
      if (o.offset() == null) {
        g.offsets.remove(o.partition());
      } else {
        g.offsets.put(o.partition(), o.offset());
      }
    } else {
      g.restore(((GroupEntry) entry).group(), clock.millis());
    }
  }

  /**
   * Stops the timers and answers every waiting JoinGroup and SyncGroup with
   * COORDINATOR_NOT_AVAILABLE; later calls get COORDINATOR_NOT_AVAILABLE. Does not close the broker.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        return;
      }
      phase = Phase.CLOSED;
    }
    synchronized (this) {
      owned.clear(); // queued loads skip; a running one is not interrupted (that would close its log's files)
    }
    loader.shutdown();
    writes.close();
    writeCompletions.shutdown();
    membership.close();
    for (Group g : groups.values()) {
      g.locked(() -> {
        membership.close(g);
        return null;
      });
    }
  }

  /**
   * The state of the coordinator as a whole: NONE while serving (whichever partitions it leads),
   * COORDINATOR_LOAD_IN_PROGRESS before start completes or while a partition it leads is loading,
   * COORDINATOR_NOT_AVAILABLE after close.
   */
  public GroupError status() {
    switch (phase) {
      case SERVING:
        return owned.values().stream().allMatch(o -> o.loaded) ? GroupError.NONE
            : GroupError.COORDINATOR_LOAD_IN_PROGRESS;
      case CLOSED:
        return GroupError.COORDINATOR_NOT_AVAILABLE;
      default:
        return GroupError.COORDINATOR_LOAD_IN_PROGRESS;
    }
  }

  /**
   * Whether this node serves {@code groupId} now: NONE when it leads the group's offsets partition
   * and has loaded it, COORDINATOR_LOAD_IN_PROGRESS while it loads it (or before start),
   * NOT_COORDINATOR when another node leads it or nobody does, COORDINATOR_NOT_AVAILABLE after close
   * or when the offsets topic cannot be created. Creates the offsets topic when it is missing and
   * then waits for this node's load of the group's partition.
   */
  public GroupError status(String groupId) {
    if (phase != Phase.SERVING) {
      return status();
    }
    if (groupId == null) {
      return GroupError.NONE; // the caller answers INVALID_GROUP_ID
    }
    int partitions = offsetsTopic.partitions();
    boolean created = false;
    if (partitions == 0) {
      try {
        partitions = offsetsTopic.ensureCreated().partitions();
        created = true;
      } catch (RuntimeException e) {
        LOG.warn("cannot create {}: {}", OffsetsTopic.NAME, e.getMessage());
        return GroupError.COORDINATOR_NOT_AVAILABLE;
      }
    }
    Ownership o = owned.get(OffsetsTopic.partitionFor(groupId, partitions));
    if (o == null) {
      return GroupError.NOT_COORDINATOR;
    }
    if (created) {
      awaitLoads();
    }
    return phase == Phase.CLOSED ? GroupError.COORDINATOR_NOT_AVAILABLE
        : o.loaded && owned.get(OffsetsTopic.partitionFor(groupId, partitions)) == o ? GroupError.NONE
        : GroupError.COORDINATOR_LOAD_IN_PROGRESS;
  }

  /** After this node created the offsets topic: waits (bounded) until it has loaded the partitions it leads. */
  private void awaitLoads() {
    try {
      CompletableFuture.allOf(owned.values().stream().map(o -> o.done).toArray(CompletableFuture[]::new))
          .get(CREATE_LOAD_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the callers answer from the state of each partition
    }
  }

  /**
   * FindCoordinator for a group: the live leader of the group's partition of {@code
   * __consumer_offsets}, creating the topic when it does not exist yet (spread over the live
   * brokers). COORDINATOR_NOT_AVAILABLE when that partition has no live leader or the topic cannot
   * be created; COORDINATOR_LOAD_IN_PROGRESS before start.
   */
  public Lookup findCoordinator(String groupId) {
    if (phase != Phase.SERVING) {
      return Lookup.failed(status());
    }
    Topic topic;
    try {
      boolean missing = offsetsTopic.partitions() == 0;
      topic = offsetsTopic.ensureCreated();
      if (missing) {
        awaitLoads();
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot create {}: {}", OffsetsTopic.NAME, e.getMessage());
      return Lookup.failed(GroupError.COORDINATOR_NOT_AVAILABLE);
    }
    MetadataImage image = broker.metadata();
    int partition = OffsetsTopic.partitionFor(groupId == null ? "" : groupId, topic.partitions());
    Optional<PartitionState> state = image.partition(OffsetsTopic.NAME, partition);
    if (state.isEmpty() || !state.get().hasLeader()) {
      return Lookup.failed(GroupError.COORDINATOR_NOT_AVAILABLE);
    }
    int leader = state.get().leader();
    Optional<BrokerRegistration> reg = image.broker(leader);
    if (leader == broker.nodeId()) {
      return new Lookup(GroupError.NONE, leader, reg.map(b -> new Node(b.nodeId(), b.host(), b.port())).orElse(null));
    }
    if (reg.isEmpty() || reg.get().fenced()) {
      return Lookup.failed(GroupError.COORDINATOR_NOT_AVAILABLE);
    }
    return new Lookup(GroupError.NONE, leader, new Node(leader, reg.get().host(), reg.get().port()));
  }

  /** This broker's node id. */
  public int nodeId() {
    return broker.nodeId();
  }

  /** The partition of {@code __consumer_offsets} that holds {@code groupId}; the topic must exist. */
  public int partitionFor(String groupId) {
    return offsetsTopic.partitionFor(groupId);
  }

  /** The name of the topic with id {@code topicId}, for requests that name topics by id. */
  public Optional<String> topicName(UUID topicId) {
    for (Topic t : broker.topics()) {
      if (t.id().equals(topicId)) {
        return Optional.of(t.name());
      }
    }
    return Optional.empty();
  }

  /** The id of topic {@code name}, if it exists. */
  public Optional<UUID> topicId(String name) {
    return broker.topic(name).map(Topic::id);
  }

  // ---------------------------------------------------------------- membership

  /**
   * JoinGroup. The future completes when the member's rebalance completes (or at once with an
   * error, or with MEMBER_ID_REQUIRED and the member id to join with).
   */
  public CompletableFuture<JoinResult> join(JoinRequest request) {
    GroupError error = status(request.groupId());
    if (error == GroupError.NONE && !isValidGroupId(request.groupId())) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error == GroupError.NONE && (request.sessionTimeoutMs() < minSessionTimeoutMs
        || request.sessionTimeoutMs() > maxSessionTimeoutMs)) {
      error = GroupError.INVALID_SESSION_TIMEOUT;
    }
    if (error == GroupError.NONE && (request.protocolType().isEmpty() || request.protocols().isEmpty())) {
      error = GroupError.INCONSISTENT_GROUP_PROTOCOL;
    }
    if (error != GroupError.NONE) {
      return CompletableFuture.completedFuture(JoinResult.failed(error, request.memberId()));
    }
    Group group = request.memberId().isEmpty()
        ? groups.computeIfAbsent(request.groupId(), Group::new)
        : groups.get(request.groupId());
    if (group == null) {
      return CompletableFuture.completedFuture(JoinResult.failed(GroupError.UNKNOWN_MEMBER_ID, request.memberId()));
    }
    return group.locked(() -> membership.join(group, request));
  }

  /** SyncGroup. The future completes when the leader's assignment is stored (or at once). */
  public CompletableFuture<SyncResult> sync(SyncRequest request) {
    GroupError error = checkGroupId(request.groupId());
    if (error != GroupError.NONE) {
      return CompletableFuture.completedFuture(SyncResult.failed(error));
    }
    Group group = groups.get(request.groupId());
    if (group == null) {
      return CompletableFuture.completedFuture(SyncResult.failed(GroupError.UNKNOWN_MEMBER_ID));
    }
    return group.locked(() -> membership.sync(group, request));
  }

  /**
   * Heartbeat: NONE, REBALANCE_IN_PROGRESS (rejoin), ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or
   * FENCED_INSTANCE_ID.
   */
  public GroupError heartbeat(String groupId, int generationId, String memberId, String groupInstanceId) {
    GroupError error = checkGroupId(groupId);
    if (error != GroupError.NONE) {
      return error;
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return GroupError.UNKNOWN_MEMBER_ID;
    }
    return group.locked(() -> membership.heartbeat(group, generationId, memberId == null ? "" : memberId,
        groupInstanceId));
  }

  /** LeaveGroup of one or more members; each leaving member of a live generation triggers a rebalance. */
  public LeaveResult leave(String groupId, List<LeavingMember> members) {
    GroupError error = checkGroupId(groupId);
    if (error != GroupError.NONE) {
      return new LeaveResult(error, List.of());
    }
    Group group = groups.get(groupId);
    if (group == null) {
      List<LeaveResult.MemberResult> unknown = new ArrayList<>();
      for (LeavingMember m : members) {
        unknown.add(new LeaveResult.MemberResult(m.memberId(), m.groupInstanceId(), GroupError.UNKNOWN_MEMBER_ID));
      }
      return new LeaveResult(GroupError.NONE, unknown);
    }
    return group.locked(() -> membership.leave(group, members));
  }

  // ---------------------------------------------------------------- offsets

  /**
   * OffsetCommit: stores the offsets (all in one append) and completes with an error per partition,
   * in request order, once every in-sync replica of the group's offsets partition has them (at once
   * when this node is its only in-sync replica; REQUEST_TIMED_OUT after offsets.commit.timeout.ms,
   * NOT_COORDINATOR when the leadership moves first, COORDINATOR_NOT_AVAILABLE when fewer replicas
   * than min.insync.replicas are in sync). A member's commit is checked against its generation
   * (REBALANCE_IN_PROGRESS while the group completes a rebalance); a commit with generation -1 is
   * accepted only by a group without members. GROUP_ID_NOT_FOUND: a member commit to a group that
   * does not exist.
   */
  public CompletableFuture<Map<TopicPartition, GroupError>> commitOffsets(CommitRequest request) {
    GroupError error = status(request.groupId());
    if (error == GroupError.NONE && request.groupId() == null) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error != GroupError.NONE) {
      return CompletableFuture.completedFuture(GroupOffsets.allFailed(request.offsets().keySet(), error));
    }
    Group existing = groups.get(request.groupId());
    if (existing == null && request.generationId() >= 0) {
      return CompletableFuture.completedFuture(GroupOffsets.allFailed(request.offsets().keySet(),
          GroupError.GROUP_ID_NOT_FOUND));
    }
    Group group = existing != null ? existing : groups.computeIfAbsent(request.groupId(), Group::new);
    return group.locked(() -> offsets.commit(group, request, this::forgetIfUnused));
  }

  /**
   * OffsetFetch: the committed offset of each of {@code partitions} (NONE where there is none), or
   * with {@code partitions} null every offset the group has. A group that does not exist has no
   * offsets: that is not an error.
   */
  public OffsetFetchResult fetchOffsets(String groupId, List<TopicPartition> partitions) {
    GroupError error = status(groupId);
    if (error == GroupError.NONE && groupId == null) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error != GroupError.NONE) {
      return new OffsetFetchResult(error, Map.of());
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return new OffsetFetchResult(GroupError.NONE, GroupOffsets.fetch(Map.of(), partitions));
    }
    return group.locked(() -> new OffsetFetchResult(GroupError.NONE, GroupOffsets.fetch(group.offsets, partitions)));
  }

  /**
   * OffsetDelete: deletes the group's offsets of {@code partitions} (a tombstone each) and completes
   * with an error (or NONE) per partition once every in-sync replica has the tombstones. A group with members keeps the offsets of topics it subscribes
   * to (GROUP_SUBSCRIBED_TO_TOPIC); one whose subscriptions cannot be read (not a consumer group)
   * refuses with NON_EMPTY_GROUP. A partition that does not exist gets UNKNOWN_TOPIC_OR_PARTITION.
   */
  public CompletableFuture<OffsetDeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
    GroupError error = checkGroupId(groupId);
    if (error != GroupError.NONE) {
      return CompletableFuture.completedFuture(new OffsetDeleteResult(error, Map.of()));
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return CompletableFuture.completedFuture(new OffsetDeleteResult(GroupError.GROUP_ID_NOT_FOUND, Map.of()));
    }
    return group.locked(() -> offsets.delete(group, partitions, this::forgetIfUnused));
  }

  // ---------------------------------------------------------------- administration

  /**
   * DeleteGroups: each group must exist and be Empty (NON_EMPTY_GROUP otherwise); its offsets and
   * metadata get tombstones and it is gone. Completes with an error (or NONE) per group, in request
   * order, once every in-sync replica has the tombstones. While they are written the group is Dead
   * (other requests for it get COORDINATOR_NOT_AVAILABLE); if the write fails it is Empty again.
   */
  public CompletableFuture<Map<String, GroupError>> deleteGroups(Collection<String> groupIds) {
    Map<String, CompletableFuture<GroupError>> each = new LinkedHashMap<>();
    for (String id : groupIds) {
      each.putIfAbsent(id, deleteGroup(id));
    }
    return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, GroupError> result = new LinkedHashMap<>();
      each.forEach((id, f) -> result.put(id, f.join()));
      return result;
    });
  }

  private CompletableFuture<GroupError> deleteGroup(String groupId) {
    GroupError error = status(groupId);
    if (error == GroupError.NONE && groupId == null) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error != GroupError.NONE) {
      return CompletableFuture.completedFuture(error);
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return CompletableFuture.completedFuture(GroupError.GROUP_ID_NOT_FOUND);
    }
    return group.locked(() -> {
      if (group.state == GroupState.DEAD) {
        return CompletableFuture.completedFuture(GroupError.GROUP_ID_NOT_FOUND);
      }
      if (group.state != GroupState.EMPTY) {
        return CompletableFuture.completedFuture(GroupError.NON_EMPTY_GROUP);
      }
      // Dead while the tombstones are written, so nothing joins or commits in between.
      group.state = GroupState.DEAD;
      return offsets.deleteAll(group, writeError -> {
        if (writeError == GroupError.NONE) {
          forget(group);
          LOG.info("deleted group '{}'", groupId);
        } else if (groups.get(groupId) == group) {
          group.state = GroupState.EMPTY;
        }
      });
    });
  }

  /**
   * ListGroups: every group in one of {@code states} (all when empty), in no particular order;
   * empty while the coordinator does not serve (see {@link #status}).
   */
  public List<GroupListing> listGroups(Set<GroupState> states) {
    List<GroupListing> out = new ArrayList<>();
    if (status() != GroupError.NONE) {
      return out;
    }
    for (Group g : groups.values()) {
      GroupListing listing = g.locked(() -> new GroupListing(g.groupId, g.protocolType == null ? "" : g.protocolType,
          g.state));
      if (listing.state() != GroupState.DEAD && (states.isEmpty() || states.contains(listing.state()))) {
        out.add(listing);
      }
    }
    return out;
  }

  /** DescribeGroups for one group; GROUP_ID_NOT_FOUND (state Dead) when it does not exist. */
  public GroupDescription describeGroup(String groupId) {
    GroupError error = status(groupId);
    if (error == GroupError.NONE && groupId == null) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error != GroupError.NONE) {
      return GroupDescription.failed(error, groupId);
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return GroupDescription.failed(GroupError.GROUP_ID_NOT_FOUND, groupId);
    }
    return group.locked(() -> {
      if (group.state == GroupState.DEAD) {
        return GroupDescription.failed(GroupError.GROUP_ID_NOT_FOUND, groupId);
      }
      boolean stable = group.state == GroupState.STABLE;
      List<GroupDescription.MemberDescription> members = new ArrayList<>();
      for (Member m : group.members.values()) {
        members.add(new GroupDescription.MemberDescription(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
            stable ? m.metadata(group.protocolName) : Member.NO_BYTES, stable ? m.assignment : Member.NO_BYTES));
      }
      return new GroupDescription(GroupError.NONE, groupId, group.state,
          group.protocolType == null ? "" : group.protocolType, stable ? group.protocolName : "", members);
    });
  }

  // ---------------------------------------------------------------- helpers

  private void forgetIfUnused(Group group) {
    if (group.isUnused()) {
      forget(group);
    }
  }

  /** Drops a group that holds nothing (under its lock): it becomes Dead, and a new one may take its id. */
  private void forget(Group group) {
    group.cancelTimers();
    group.state = GroupState.DEAD;
    groups.remove(group.groupId, group);
  }

  private GroupError checkGroupId(String groupId) {
    GroupError error = status(groupId);
    if (error == GroupError.NONE && !isValidGroupId(groupId)) {
      return GroupError.INVALID_GROUP_ID;
    }
    return error;
  }

  private static boolean isValidGroupId(String groupId) {
    return groupId != null && !groupId.isEmpty();
  }
}
