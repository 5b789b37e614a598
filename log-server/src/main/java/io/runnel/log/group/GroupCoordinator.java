package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.Entry;
import io.runnel.log.group.OffsetsTopicFormat.GroupEntry;
import io.runnel.log.group.OffsetsTopicFormat.OffsetEntry;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of this broker for classic (pre-KIP-848) groups: membership (JoinGroup,
 * SyncGroup, Heartbeat, LeaveGroup), committed offsets (OffsetCommit, OffsetFetch, OffsetDelete)
 * and group administration (ListGroups, DescribeGroups, DeleteGroups). A single node coordinates
 * every group.
 *
 * <p>Every change of committed offsets and every new generation (members, protocol, leader,
 * assignments) is appended to the compacted topic {@code __consumer_offsets} before it is
 * acknowledged, and {@link #start} replays that topic: offsets and groups survive a restart. Members
 * of a restored group have one session timeout to heartbeat again.
 *
 * <p>Lifecycle: construct, {@link #start} (creates and replays the offsets topic; register the
 * protocol handlers after it returns), {@link #close} (before closing the broker). Until start
 * completes every operation answers {@link GroupError#COORDINATOR_LOAD_IN_PROGRESS}, after close
 * {@link GroupError#COORDINATOR_NOT_AVAILABLE}: the coordinator never answers from state it has not
 * loaded.
 *
 * <p>Threading: thread-safe. Each group has its own lock; operations on different groups run in
 * parallel. JoinGroup and SyncGroup return futures that complete when the rebalance does, from the
 * thread that completes it (a request thread or the timer's); they are completed outside the
 * group's lock. Timeouts come from the {@link GroupTimer} and the clock given at construction.
 */
public final class GroupCoordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
  /** Kafka's offset.metadata.max.bytes default: the longest metadata string an offset commit may carry. */
  public static final int OFFSET_METADATA_MAX_BYTES = 4096;

  private enum Phase { NEW, LOADING, SERVING, REMOTE, CLOSED }

  /** The node that coordinates the groups, as FindCoordinator gives it. */
  public record Node(int nodeId, String host, int port) {}

  private final Broker broker;
  private final InstantSource clock;
  private final OffsetsTopic offsetsTopic;
  private final GroupMembership membership;
  private final GroupOffsets offsets;
  private final long minSessionTimeoutMs;
  private final long maxSessionTimeoutMs;
  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
  private volatile Phase phase = Phase.NEW;

  /**
   * A coordinator over {@code broker}'s logs, with the group settings of its config ({@code
   * group.initial.rebalance.delay.ms}, {@code group.min/max.session.timeout.ms}, {@code
   * offsets.topic.num.partitions}).
   */
  public GroupCoordinator(Broker broker, InstantSource clock, GroupTimer timer) {
    this.broker = broker;
    this.clock = clock;
    this.offsetsTopic = new OffsetsTopic(broker, clock);
    this.minSessionTimeoutMs = broker.config().groupMinSessionTimeoutMs();
    this.maxSessionTimeoutMs = broker.config().groupMaxSessionTimeoutMs();
    this.membership = new GroupMembership(clock, timer, offsetsTopic, broker.config().groupInitialRebalanceDelayMs(),
        this::forget);
    this.offsets = new GroupOffsets(broker, clock, offsetsTopic, membership);
  }

  /** As {@link #GroupCoordinator(Broker, InstantSource, GroupTimer)}, with timeouts run on {@code scheduler}. */
  public GroupCoordinator(Broker broker, InstantSource clock, ScheduledExecutorService scheduler) {
    this(broker, clock, GroupTimer.of(scheduler));
  }

  /**
   * Creates {@code __consumer_offsets} when it is missing and replays it. Call once, before the
   * protocol handlers are registered; blocks until the load is done.
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
    long began = System.nanoTime();
    offsetsTopic.open();
    if (!offsetsTopic.ledHere()) {
      synchronized (this) {
        if (phase == Phase.LOADING) {
          phase = Phase.REMOTE;
        }
      }
      LOG.info("{} is held by another node: this node answers FindCoordinator with that node", OffsetsTopic.NAME);
      return;
    }
    Map<String, Group> loaded = new HashMap<>();
    long records = offsetsTopic.replay(entry -> apply(loaded, entry));
    int offsets = 0;
    for (Group g : loaded.values()) {
      if (g.isUnused()) {
        continue;
      }
      offsets += g.offsets.size();
      groups.put(g.groupId, g);
      g.locked(() -> {
        membership.startSessions(g);
        return null;
      });
    }
    synchronized (this) {
      if (phase == Phase.LOADING) {
        phase = Phase.SERVING;
      }
    }
    LOG.info("loaded {} group(s) and {} committed offset(s) from {} record(s) of {} ({} partitions) in {} ms",
        groups.size(), offsets, records, OffsetsTopic.NAME, offsetsTopic.partitions(),
        (System.nanoTime() - began) / 1_000_000);
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
    membership.close();
    for (Group g : groups.values()) {
      g.locked(() -> {
        membership.close(g);
        return null;
      });
    }
  }

  /** NONE while serving; COORDINATOR_LOAD_IN_PROGRESS before start completes; COORDINATOR_NOT_AVAILABLE after close. */
  public GroupError status() {
    switch (phase) {
      case SERVING:
        return GroupError.NONE;
      case CLOSED:
        return GroupError.COORDINATOR_NOT_AVAILABLE;
      case REMOTE:
        return GroupError.NOT_COORDINATOR;
      default:
        return GroupError.COORDINATOR_LOAD_IN_PROGRESS;
    }
  }

  /**
   * In a cluster where another node holds {@code __consumer_offsets}: that node, while it leads the
   * topic and is live; empty otherwise.
   */
  public Optional<Node> remoteCoordinator() {
    var image = broker.metadata();
    return image.partition(OffsetsTopic.NAME, 0)
        .filter(s -> s.hasLeader())
        .flatMap(s -> image.broker(s.leader()))
        .filter(b -> !b.fenced())
        .map(b -> new Node(b.nodeId(), b.host(), b.port()));
  }

  /** This broker's node id: the coordinator of every group when it holds {@code __consumer_offsets}. */
  public int nodeId() {
    return broker.nodeId();
  }

  /** The partition of {@code __consumer_offsets} that holds {@code groupId}; valid after {@link #start}. */
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
    GroupError error = status();
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
   * OffsetCommit: stores the offsets (all in one append) and returns an error per partition, in
   * request order. A member's commit is checked against its generation (REBALANCE_IN_PROGRESS while
   * the group completes a rebalance); a commit with generation -1 is accepted only by a group
   * without members. GROUP_ID_NOT_FOUND: a member commit to a group that does not exist.
   */
  public Map<TopicPartition, GroupError> commitOffsets(CommitRequest request) {
    GroupError error = status();
    if (error == GroupError.NONE && request.groupId() == null) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error != GroupError.NONE) {
      return GroupOffsets.allFailed(request.offsets().keySet(), error);
    }
    Group existing = groups.get(request.groupId());
    if (existing == null && request.generationId() >= 0) {
      return GroupOffsets.allFailed(request.offsets().keySet(), GroupError.GROUP_ID_NOT_FOUND);
    }
    Group group = existing != null ? existing : groups.computeIfAbsent(request.groupId(), Group::new);
    return group.locked(() -> {
      Map<TopicPartition, GroupError> result = offsets.commit(group, request);
      if (group.isUnused()) {
        forget(group);
      }
      return result;
    });
  }

  /**
   * OffsetFetch: the committed offset of each of {@code partitions} (NONE where there is none), or
   * with {@code partitions} null every offset the group has. A group that does not exist has no
   * offsets: that is not an error.
   */
  public OffsetFetchResult fetchOffsets(String groupId, List<TopicPartition> partitions) {
    GroupError error = status();
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
   * OffsetDelete: deletes the group's offsets of {@code partitions} (a tombstone each) and returns
   * an error (or NONE) per partition. A group with members keeps the offsets of topics it subscribes
   * to (GROUP_SUBSCRIBED_TO_TOPIC); one whose subscriptions cannot be read (not a consumer group)
   * refuses with NON_EMPTY_GROUP. A partition that does not exist gets UNKNOWN_TOPIC_OR_PARTITION.
   */
  public OffsetDeleteResult deleteOffsets(String groupId, List<TopicPartition> partitions) {
    GroupError error = checkGroupId(groupId);
    if (error != GroupError.NONE) {
      return new OffsetDeleteResult(error, Map.of());
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return new OffsetDeleteResult(GroupError.GROUP_ID_NOT_FOUND, Map.of());
    }
    return group.locked(() -> {
      OffsetDeleteResult result = offsets.delete(group, partitions);
      if (group.isUnused()) {
        forget(group);
      }
      return result;
    });
  }

  // ---------------------------------------------------------------- administration

  /**
   * DeleteGroups: each group must exist and be Empty (NON_EMPTY_GROUP otherwise); its offsets and
   * metadata get tombstones and it is gone. Returns an error (or NONE) per group, in request order.
   */
  public Map<String, GroupError> deleteGroups(Collection<String> groupIds) {
    Map<String, GroupError> result = new LinkedHashMap<>();
    for (String id : groupIds) {
      result.put(id, deleteGroup(id));
    }
    return result;
  }

  private GroupError deleteGroup(String groupId) {
    GroupError error = status();
    if (error == GroupError.NONE && groupId == null) {
      error = GroupError.INVALID_GROUP_ID;
    }
    if (error != GroupError.NONE) {
      return error;
    }
    Group group = groups.get(groupId);
    if (group == null) {
      return GroupError.GROUP_ID_NOT_FOUND;
    }
    return group.locked(() -> {
      if (group.state == GroupState.DEAD) {
        return GroupError.GROUP_ID_NOT_FOUND;
      }
      if (group.state != GroupState.EMPTY) {
        return GroupError.NON_EMPTY_GROUP;
      }
      GroupError writeError = offsets.deleteAll(group);
      if (writeError != GroupError.NONE) {
        return writeError;
      }
      forget(group);
      LOG.info("deleted group '{}'", groupId);
      return GroupError.NONE;
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
    GroupError error = status();
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

  /** Drops a group that holds nothing (under its lock): it becomes Dead, and a new one may take its id. */
  private void forget(Group group) {
    group.cancelTimers();
    group.state = GroupState.DEAD;
    groups.remove(group.groupId, group);
  }

  private GroupError checkGroupId(String groupId) {
    GroupError error = status();
    if (error == GroupError.NONE && !isValidGroupId(groupId)) {
      return GroupError.INVALID_GROUP_ID;
    }
    return error;
  }

  private static boolean isValidGroupId(String groupId) {
    return groupId != null && !groupId.isEmpty();
  }
}
