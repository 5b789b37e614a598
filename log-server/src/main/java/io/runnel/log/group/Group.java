package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.GroupSnapshot;
import io.runnel.log.group.OffsetsTopicFormat.StoredMember;
import io.runnel.log.storage.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One classic group: its state, generation, chosen protocol, leader, members (in join order),
 * members issued an id but not yet joined with it (KIP-394), static instance ids (KIP-345), members
 * that owe a SyncGroup, committed offsets, and the timers of the rebalance under way.
 *
 * <p>Not thread-safe: every read and write happens inside {@link #locked}, which holds this object's
 * monitor. Futures are completed through {@link #defer}, after the monitor is released, so that
 * code chained on them never runs under the lock.
 */
final class Group {
  final String groupId;
  GroupState state = GroupState.EMPTY;
  int generationId;
  /** Set by the first member to join; null for a group that only ever committed offsets. */
  String protocolType;
  /** The protocol of the current generation; null while the group has no members. */
  String protocolName;
  String leaderId;
  final Map<String, Member> members = new LinkedHashMap<>();
  /** group.instance.id to member id, for static members. */
  final Map<String, String> staticMembers = new HashMap<>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, each with the timer that forgets it. */
  final Map<String, GroupTimer.Scheduled> pendingMembers = new LinkedHashMap<>();
  /** Members of the generation that have not sent their SyncGroup yet. */
  final Set<String> pendingSync = new HashSet<>();
  final Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();

  /** Bumped whenever the rebalance or pending-sync timer is re-armed: a timer of an older epoch is stale. */
  long timerEpoch;
  GroupTimer.Scheduled rebalanceTimer;
  GroupTimer.Scheduled syncTimer;
  /** group.initial.rebalance.delay.ms is running for the first rebalance of an empty group. */
  boolean inInitialDelay;
  boolean newMemberAdded;
  long initialDelayRemainingMs;

  private final List<Runnable> deferred = new ArrayList<>();

  Group(String groupId) {
    this.groupId = groupId;
  }

  /** Runs {@code action} under this group's lock, then runs what it deferred (outside the lock). */
  <T> T locked(Supplier<T> action) {
    T result;
    List<Runnable> after;
    synchronized (this) {
      try {
        result = action.get();
      } finally {
        after = new ArrayList<>(deferred);
        deferred.clear();
      }
    }
    for (Runnable r : after) {
      r.run();
    }
    return result;
  }

  /**
   * Chains {@code then} on a write of this group to the offsets topic: run at once with its outcome
   * when the write is already done (the caller is inside {@link #locked}), otherwise run under this
   * group's lock when the write completes, on the thread that completes it.
   */
  <T> CompletableFuture<T> afterWrite(CompletableFuture<GroupError> write, Function<GroupError, T> then) {
    if (write.isDone()) {
      return CompletableFuture.completedFuture(then.apply(write.join()));
    }
    return write.thenApply(error -> locked(() -> then.apply(error)));
  }

  /** Runs {@code r} once the current {@link #locked} call releases the lock. */
  void defer(Runnable r) {
    deferred.add(r);
  }

  Member member(String memberId) {
    return members.get(memberId);
  }

  String staticMemberId(String groupInstanceId) {
    return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
  }

  boolean isLeader(String memberId) {
    return memberId.equals(leaderId);
  }

  void add(Member member) {
    if (members.isEmpty()) {
      protocolType = member.protocolType;
    }
    members.put(member.memberId, member);
    if (member.isStatic()) {
      staticMembers.put(member.groupInstanceId, member.memberId);
    }
    if (leaderId == null) {
      leaderId = member.memberId;
    }
  }

  void remove(String memberId) {
    Member member = members.remove(memberId);
    if (member == null) {
      return;
    }
    if (member.isStatic() && memberId.equals(staticMembers.get(member.groupInstanceId))) {
      staticMembers.remove(member.groupInstanceId);
    }
    pendingSync.remove(memberId);
    if (memberId.equals(leaderId)) {
      leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
    }
  }

  /** Puts {@code next} (a static member's successor) in the place of {@code old}: leader, pending sync. */
  void replace(Member old, Member next) {
    members.remove(old.memberId);
    members.put(next.memberId, next);
    if (next.isStatic()) {
      staticMembers.put(next.groupInstanceId, next.memberId);
    }
    if (pendingSync.remove(old.memberId)) {
      pendingSync.add(next.memberId);
    }
    if (old.memberId.equals(leaderId)) {
      leaderId = next.memberId;
    }
  }

  /** Every member is waiting in a JoinGroup and no member id handed out is still to come back. */
  boolean allMembersJoined() {
    if (!pendingMembers.isEmpty()) {
      return false;
    }
    for (Member m : members.values()) {
      if (m.awaitingJoin == null) {
        return false;
      }
    }
    return true;
  }

  /** The longest rebalance timeout of the members: how long a rebalance waits for them. */
  int rebalanceTimeoutMs() {
    int max = 0;
    for (Member m : members.values()) {
      max = Math.max(max, m.rebalanceTimeoutMs);
    }
    return max;
  }

  /**
   * Whether a member with these protocols may join: any non-empty offer joins a group without
   * members; otherwise the type must match and one protocol must be supported by every member.
   */
  boolean supportsProtocols(String memberProtocolType, List<JoinProtocol> protocols) {
    if (memberProtocolType.isEmpty() || protocols.isEmpty()) {
      return false;
    }
    if (members.isEmpty()) {
      return true;
    }
    if (!memberProtocolType.equals(protocolType)) {
      return false;
    }
    for (JoinProtocol p : protocols) {
      if (supportedByAll(p.name())) {
        return true;
      }
    }
    return false;
  }

  private boolean supportedByAll(String protocol) {
    for (Member m : members.values()) {
      if (!m.supports(protocol)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The protocol for the next generation: among those every member supports, each member votes for
   * the one it prefers most; the most votes win, a tie goes to the one the first member prefers.
   *
   * @throws IllegalStateException when the members have no protocol in common (joins prevent it)
   */
  String selectProtocol() {
    Member first = members.values().iterator().next();
    List<String> candidates = new ArrayList<>();
    for (JoinProtocol p : first.protocols) {
      if (supportedByAll(p.name())) {
        candidates.add(p.name());
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("the members of group '" + groupId + "' have no protocol in common");
    }
    Map<String, Integer> votes = new HashMap<>();
    for (Member m : members.values()) {
      for (JoinProtocol p : m.protocols) {
        if (candidates.contains(p.name())) {
          votes.merge(p.name(), 1, Integer::sum);
          break;
        }
      }
    }
    String best = candidates.get(0);
    for (String c : candidates) {
      if (votes.getOrDefault(c, 0) > votes.getOrDefault(best, 0)) {
        best = c;
      }
    }
    return best;
  }

  /**
   * The topics the members of a {@code consumer} group subscribe to, read from their metadata for
   * the current protocol; empty when that cannot be told (another protocol type, unreadable metadata).
   */
  Optional<Set<String>> subscribedTopics() {
    if (!"consumer".equals(protocolType) || protocolName == null) {
      return Optional.empty();
    }
    Set<String> topics = new TreeSet<>();
    for (Member m : members.values()) {
      if (!m.supports(protocolName)) {
        return Optional.empty();
      }
      Optional<List<String>> subscribed = ConsumerSubscription.topics(m.metadata(protocolName));
      if (subscribed.isEmpty()) {
        return Optional.empty();
      }
      topics.addAll(subscribed.get());
    }
    return Optional.of(topics);
  }

  /** The record of the current generation, with {@code assignments} by member id. */
  GroupSnapshot snapshot(Map<String, byte[]> assignments, long nowMs) {
    List<StoredMember> stored = new ArrayList<>();
    for (Member m : members.values()) {
      stored.add(new StoredMember(m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.rebalanceTimeoutMs,
          m.sessionTimeoutMs, m.metadata(protocolName), assignments.getOrDefault(m.memberId, Member.NO_BYTES)));
    }
    return new GroupSnapshot(protocolType == null ? "" : protocolType, generationId, protocolName, leaderId, nowMs,
        stored);
  }

  /**
   * Takes the state of a replayed group record: Stable with its members when it has any, Empty
   * otherwise; null (a tombstone) forgets the membership and keeps the offsets.
   */
  void restore(GroupSnapshot snapshot, long nowMs) {
    members.clear();
    staticMembers.clear();
    if (snapshot == null) {
      state = GroupState.EMPTY;
      generationId = 0;
      protocolType = null;
      protocolName = null;
      leaderId = null;
      return;
    }
    generationId = snapshot.generationId();
    protocolType = snapshot.protocolType();
    protocolName = snapshot.members().isEmpty() ? null : snapshot.protocolName();
    leaderId = null;
    for (StoredMember s : snapshot.members()) {
      add(new Member(s, protocolType, protocolName, nowMs));
    }
    if (snapshot.leaderId() != null && members.containsKey(snapshot.leaderId())) {
      leaderId = snapshot.leaderId();
    }
    state = members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
  }

  /** True for a group that holds nothing worth keeping: never had a generation, no offsets, nobody coming. */
  boolean isUnused() {
    return state == GroupState.EMPTY && generationId == 0 && members.isEmpty() && pendingMembers.isEmpty()
        && offsets.isEmpty();
  }

  void cancelTimers() {
    if (rebalanceTimer != null) {
      rebalanceTimer.cancel();
      rebalanceTimer = null;
    }
    if (syncTimer != null) {
      syncTimer.cancel();
      syncTimer = null;
    }
    timerEpoch++;
  }

  @Override
  public String toString() {
    return "group '" + groupId + "' (" + state + ", generation " + generationId + ")";
  }
}
