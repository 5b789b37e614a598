package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.GroupEntry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group membership protocol: JoinGroup, SyncGroup, Heartbeat and LeaveGroup, and the
 * timeouts that drive the state machine of {@link GroupState} (session, rebalance, pending member,
 * pending sync, initial rebalance delay).
 *
 * <p>Every method that takes a {@link Group} must be called inside {@code group.locked(...)}; the
 * timers it arms take the lock themselves. Futures handed back complete later, when the rebalance
 * does, from whichever thread completes it (a request thread or a timer thread).
 */
final class GroupMembership {
  private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);

  private final InstantSource clock;
  private final GroupTimer timer;
  private final OffsetsTopic store;
  private final long initialRebalanceDelayMs;
  /** Called (under the group's lock) when a group turns out to hold nothing: the coordinator forgets it. */
  private final Consumer<Group> onUnused;
  private volatile boolean closed;

  GroupMembership(InstantSource clock, GroupTimer timer, OffsetsTopic store, long initialRebalanceDelayMs,
      Consumer<Group> onUnused) {
    this.clock = clock;
    this.timer = timer;
    this.store = store;
    this.initialRebalanceDelayMs = initialRebalanceDelayMs;
    this.onUnused = onUnused;
  }

  // ---------------------------------------------------------------- JoinGroup

  CompletableFuture<JoinResult> join(Group group, JoinRequest r) {
    if (group.state == GroupState.DEAD) {
      return done(JoinResult.failed(GroupError.COORDINATOR_NOT_AVAILABLE, r.memberId()));
    }
    if (!group.supportsProtocols(r.protocolType(), r.protocols())) {
      return done(JoinResult.failed(GroupError.INCONSISTENT_GROUP_PROTOCOL, r.memberId()));
    }
    return r.memberId().isEmpty() ? joinUnknownMember(group, r) : joinKnownMember(group, r);
  }

  private CompletableFuture<JoinResult> joinUnknownMember(Group group, JoinRequest r) {
    if (r.groupInstanceId() != null) {
      String newId = r.groupInstanceId() + "-" + UUID.randomUUID();
      String existing = group.staticMemberId(r.groupInstanceId());
      if (existing != null) {
        return replaceStaticMember(group, group.member(existing), newId, r);
      }
      return addMemberAndRebalance(group, newId, r, because("static member " + r.groupInstanceId() + " joined", r));
    }
    String newId = (r.clientId().isEmpty() ? "member" : r.clientId()) + "-" + UUID.randomUUID();
    if (r.requireKnownMemberId()) {
      // KIP-394: the member id is remembered for a session timeout; the rebalance waits for it.
      group.pendingMembers.put(newId, timer.schedule(r.sessionTimeoutMs(),
          () -> onTimer(group, () -> expirePendingMember(group, newId))));
      return done(JoinResult.failed(GroupError.MEMBER_ID_REQUIRED, newId));
    }
    return addMemberAndRebalance(group, newId, r, because("member " + newId + " joined", r));
  }

  private CompletableFuture<JoinResult> joinKnownMember(Group group, JoinRequest r) {
    Member member = group.member(r.memberId());
    if (member == null && r.groupInstanceId() == null) {
      GroupTimer.Scheduled pending = group.pendingMembers.remove(r.memberId());
      if (pending != null) {
        pending.cancel();
        return addMemberAndRebalance(group, r.memberId(), r, because("member " + r.memberId() + " joined", r));
      }
    }
    GroupError error = validateMember(group, r.memberId(), r.groupInstanceId());
    if (error != GroupError.NONE) {
      return done(JoinResult.failed(error, r.memberId()));
    }
    switch (group.state) {
      case PREPARING_REBALANCE:
        return updateMemberAndRebalance(group, member, r, because("member " + member + " rejoined", r));
      case COMPLETING_REBALANCE:
        if (member.sameProtocols(r.protocols())) {
          // It lost the JoinGroup response: give it the same one again.
          member.lastHeardMs = clock.millis();
          return done(joinResultFor(group, member, false));
        }
        return updateMemberAndRebalance(group, member, r,
            because("member " + member + " rejoined with new metadata", r));
      case STABLE:
        if (group.isLeader(member.memberId) || !member.sameProtocols(r.protocols())) {
          return updateMemberAndRebalance(group, member, r, because(group.isLeader(member.memberId)
              ? "leader " + member + " rejoined" : "member " + member + " rejoined with new metadata", r));
        }
        member.lastHeardMs = clock.millis();
        return done(joinResultFor(group, member, false));
      default:
        return done(JoinResult.failed(GroupError.UNKNOWN_MEMBER_ID, r.memberId()));
    }
  }

  private CompletableFuture<JoinResult> addMemberAndRebalance(Group group, String memberId, JoinRequest r,
      String reason) {
    Member member = new Member(memberId, r.groupInstanceId(), r, clock.millis());
    CompletableFuture<JoinResult> future = new CompletableFuture<>();
    member.awaitingJoin = future;
    if (group.state == GroupState.PREPARING_REBALANCE && group.inInitialDelay) {
      group.newMemberAdded = true;
    }
    group.add(member);
    scheduleSessionCheck(group, member, member.sessionTimeoutMs);
    maybePrepareRebalance(group, reason);
    tryCompleteJoin(group);
    return future;
  }

  private CompletableFuture<JoinResult> updateMemberAndRebalance(Group group, Member member, JoinRequest r,
      String reason) {
    member.update(r);
    CompletableFuture<JoinResult> future = awaitJoin(group, member);
    scheduleSessionCheck(group, member, member.sessionTimeoutMs);
    maybePrepareRebalance(group, reason);
    tryCompleteJoin(group);
    return future;
  }

  /** KIP-345: a known group.instance.id joined without member id; its old member id is fenced. */
  private CompletableFuture<JoinResult> replaceStaticMember(Group group, Member old, String newId, JoinRequest r) {
    Member next = old.successor(newId, r, clock.millis());
    fence(group, old);
    group.replace(old, next);
    scheduleSessionCheck(group, next, next.sessionTimeoutMs);
    LOG.info("group '{}': static member {} rejoined as {}; {} is fenced", group.groupId, r.groupInstanceId(), newId,
        old.memberId);
    switch (group.state) {
      case STABLE:
        String protocol = group.protocolName;
        if (group.selectProtocol().equals(protocol) && next.hasMetadata(protocol, old.metadata(protocol))) {
          return rejoinWithoutRebalance(group, old, next, r);
        }
        next.awaitingJoin = new CompletableFuture<>();
        prepareRebalance(group, "static member " + r.groupInstanceId() + " rejoined with new metadata");
        break;
      case COMPLETING_REBALANCE:
        // The leader may be assigning to the old member id: redo the rebalance with the new one.
        next.awaitingJoin = new CompletableFuture<>();
        prepareRebalance(group, "static member " + r.groupInstanceId() + " rejoined during a rebalance");
        break;
      case PREPARING_REBALANCE:
        next.awaitingJoin = new CompletableFuture<>();
        break;
      default:
        throw new IllegalStateException("group '" + group.groupId + "' is " + group.state + " but has static member "
            + old);
    }
    CompletableFuture<JoinResult> future = next.awaitingJoin;
    tryCompleteJoin(group);
    return future;
  }

  /** The static member keeps its assignment under its new id; the group's record is rewritten with it. */
  private CompletableFuture<JoinResult> rejoinWithoutRebalance(Group group, Member old, Member next, JoinRequest r) {
    try {
      storeGroup(group, currentAssignments(group));
    } catch (RuntimeException e) {
      LOG.error("group '{}': cannot store the new member id of static member {}: {}", group.groupId,
          r.groupInstanceId(), e.toString());
      next.cancelSessionTimer();
      group.replace(next, old);
      scheduleSessionCheck(group, old, old.sessionTimeoutMs);
      return done(JoinResult.failed(GroupError.COORDINATOR_NOT_AVAILABLE, ""));
    }
    boolean skip = group.isLeader(next.memberId) && r.supportsSkipAssignment();
    // Before JoinGroup v9 a leader cannot be told to skip the assignment: it gets no members and
    // assigns nothing; the coordinator keeps the stored assignment (the group stays Stable).
    return done(new JoinResult(GroupError.NONE, next.memberId, group.generationId, group.protocolType,
        group.protocolName, group.leaderId, skip, skip ? joinedMembers(group) : List.of()));
  }

  private CompletableFuture<JoinResult> awaitJoin(Group group, Member member) {
    CompletableFuture<JoinResult> previous = member.awaitingJoin;
    if (previous != null) {
      // A second JoinGroup from the same member (its first connection died): the first gets an error.
      group.defer(() -> previous.complete(JoinResult.failed(GroupError.REBALANCE_IN_PROGRESS, member.memberId)));
    }
    CompletableFuture<JoinResult> future = new CompletableFuture<>();
    member.awaitingJoin = future;
    return future;
  }

  // ---------------------------------------------------------------- rebalance

  private void maybePrepareRebalance(Group group, String reason) {
    if (group.state == GroupState.STABLE || group.state == GroupState.COMPLETING_REBALANCE
        || group.state == GroupState.EMPTY) {
      prepareRebalance(group, reason);
    }
  }

  private void prepareRebalance(Group group, String reason) {
    if (group.state == GroupState.COMPLETING_REBALANCE) {
      failAwaitingSync(group, GroupError.REBALANCE_IN_PROGRESS);
    }
    boolean fromEmpty = group.state == GroupState.EMPTY;
    group.cancelTimers();
    group.pendingSync.clear();
    group.state = GroupState.PREPARING_REBALANCE;
    long epoch = group.timerEpoch;
    int rebalanceTimeout = group.rebalanceTimeoutMs();
    if (fromEmpty && initialRebalanceDelayMs > 0) {
      group.inInitialDelay = true;
      group.newMemberAdded = false;
      group.initialDelayRemainingMs = Math.max(rebalanceTimeout - initialRebalanceDelayMs, 0);
      armRebalanceTimer(group, epoch, initialRebalanceDelayMs);
    } else {
      group.inInitialDelay = false;
      armRebalanceTimer(group, epoch, rebalanceTimeout);
    }
    LOG.info("group '{}': preparing a rebalance from generation {}: {}", group.groupId, group.generationId, reason);
  }

  private void armRebalanceTimer(Group group, long epoch, long delayMs) {
    group.rebalanceTimer = timer.schedule(delayMs, () -> onTimer(group, () -> onRebalanceTimer(group, epoch)));
  }

  private void onRebalanceTimer(Group group, long epoch) {
    if (group.timerEpoch != epoch || group.state != GroupState.PREPARING_REBALANCE) {
      return;
    }
    if (group.inInitialDelay) {
      if (group.newMemberAdded && group.initialDelayRemainingMs > 0) {
        // Members are still arriving: wait another delay, within the rebalance timeout.
        long delay = Math.min(initialRebalanceDelayMs, group.initialDelayRemainingMs);
        group.initialDelayRemainingMs -= delay;
        group.newMemberAdded = false;
        armRebalanceTimer(group, epoch, delay);
        return;
      }
      group.inInitialDelay = false;
    }
    completeJoin(group);
  }

  private void tryCompleteJoin(Group group) {
    if (group.state == GroupState.PREPARING_REBALANCE && !group.inInitialDelay && group.allMembersJoined()) {
      completeJoin(group);
    }
  }

  /** Ends the join phase: drops who did not rejoin, starts the next generation, answers the joins. */
  private void completeJoin(Group group) {
    group.cancelTimers();
    group.inInitialDelay = false;
    for (Member m : new ArrayList<>(group.members.values())) {
      if (m.awaitingJoin == null) {
        LOG.info("group '{}': removing member {}: it did not rejoin within the rebalance timeout", group.groupId, m);
        removeMember(group, m);
      }
    }
    group.generationId++;
    if (group.members.isEmpty()) {
      group.protocolName = null;
      group.leaderId = null;
      group.state = GroupState.EMPTY;
      int generation = group.generationId;
      // Nobody waits for this write; a failure is only logged, as Kafka does.
      storeGroup(group, Map.of()).thenAccept(error -> {
        if (error != GroupError.NONE) {
          LOG.error("group '{}': cannot store empty generation {}: {}", group.groupId, generation, error);
        }
      });
      LOG.info("group '{}' is empty at generation {}", group.groupId, group.generationId);
      return;
    }
    group.protocolName = group.selectProtocol();
    if (group.leaderId == null || !group.members.containsKey(group.leaderId)) {
      group.leaderId = group.members.keySet().iterator().next();
    }
    group.state = GroupState.COMPLETING_REBALANCE;
    long now = clock.millis();
    for (Member m : group.members.values()) {
      JoinResult result = joinResultFor(group, m, false);
      CompletableFuture<JoinResult> future = m.awaitingJoin;
      m.awaitingJoin = null;
      m.lastHeardMs = now;
      group.pendingSync.add(m.memberId);
      group.defer(() -> future.complete(result));
    }
    long epoch = group.timerEpoch;
    group.syncTimer = timer.schedule(group.rebalanceTimeoutMs(),
        () -> onTimer(group, () -> onSyncTimer(group, epoch)));
    LOG.info("group '{}': generation {} with {} member(s), protocol {}, leader {}", group.groupId,
        group.generationId, group.members.size(), group.protocolName, group.leaderId);
  }

  /** Members that did not send SyncGroup within the rebalance timeout are removed, and the group rebalances. */
  private void onSyncTimer(Group group, long epoch) {
    if (group.timerEpoch != epoch || group.pendingSync.isEmpty()
        || (group.state != GroupState.COMPLETING_REBALANCE && group.state != GroupState.STABLE)) {
      return;
    }
    List<String> late = new ArrayList<>(group.pendingSync);
    LOG.info("group '{}': removing member(s) {}: no SyncGroup within the rebalance timeout", group.groupId, late);
    for (String id : late) {
      Member m = group.member(id);
      if (m != null) {
        removeMember(group, m);
      }
    }
    prepareRebalance(group, "member(s) " + late + " did not sync");
    tryCompleteJoin(group);
  }

  private JoinResult joinResultFor(Group group, Member member, boolean skipAssignment) {
    boolean leader = group.isLeader(member.memberId);
    return new JoinResult(GroupError.NONE, member.memberId, group.generationId, group.protocolType,
        group.protocolName, group.leaderId, skipAssignment, leader ? joinedMembers(group) : List.of());
  }

  private static List<JoinResult.JoinedMember> joinedMembers(Group group) {
    List<JoinResult.JoinedMember> out = new ArrayList<>();
    for (Member m : group.members.values()) {
      out.add(new JoinResult.JoinedMember(m.memberId, m.groupInstanceId, m.metadata(group.protocolName)));
    }
    return out;
  }

  // ---------------------------------------------------------------- SyncGroup

  CompletableFuture<SyncResult> sync(Group group, SyncRequest r) {
    if (group.state == GroupState.DEAD) {
      return done(SyncResult.failed(GroupError.COORDINATOR_NOT_AVAILABLE));
    }
    GroupError error = validateMember(group, r.memberId(), r.groupInstanceId());
    if (error != GroupError.NONE) {
      return done(SyncResult.failed(error));
    }
    if (r.generationId() != group.generationId) {
      return done(SyncResult.failed(GroupError.ILLEGAL_GENERATION));
    }
    if ((r.protocolType() != null && !r.protocolType().equals(group.protocolType))
        || (r.protocolName() != null && !r.protocolName().equals(group.protocolName))) {
      return done(SyncResult.failed(GroupError.INCONSISTENT_GROUP_PROTOCOL));
    }
    Member member = group.member(r.memberId());
    switch (group.state) {
      case PREPARING_REBALANCE:
        return done(SyncResult.failed(GroupError.REBALANCE_IN_PROGRESS));
      case STABLE:
        member.lastHeardMs = clock.millis();
        group.pendingSync.remove(member.memberId);
        return done(new SyncResult(GroupError.NONE, group.protocolType, group.protocolName, member.assignment));
      case COMPLETING_REBALANCE:
        break;
      default:
        return done(SyncResult.failed(GroupError.UNKNOWN_MEMBER_ID));
    }
    member.lastHeardMs = clock.millis();
    group.pendingSync.remove(member.memberId);
    CompletableFuture<SyncResult> previous = member.awaitingSync;
    if (previous != null) {
      group.defer(() -> previous.complete(SyncResult.failed(GroupError.REBALANCE_IN_PROGRESS)));
    }
    CompletableFuture<SyncResult> future = new CompletableFuture<>();
    member.awaitingSync = future;
    if (group.isLeader(member.memberId)) {
      completeSync(group, r.assignments());
    }
    return future;
  }

  /**
   * The leader's assignment: stored, and once every in-sync replica has it handed to every member;
   * the group is Stable. Until then the group stays CompletingRebalance (followers' SyncGroups
   * wait); a write that fails answers the waiting members and starts a new rebalance, with Kafka's
   * errors: NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, or REBALANCE_IN_PROGRESS for a timeout.
   */
  private void completeSync(Group group, Map<String, byte[]> given) {
    Map<String, byte[]> assignments = new HashMap<>();
    for (String id : group.members.keySet()) {
      byte[] a = given.get(id);
      assignments.put(id, a == null ? Member.NO_BYTES : a);
    }
    int generation = group.generationId;
    group.afterWrite(storeGroup(group, assignments), error -> {
      if (group.generationId != generation || group.state != GroupState.COMPLETING_REBALANCE) {
        return null; // the group moved on (a member left, the coordinator unloaded it) while the write waited
      }
      if (error != GroupError.NONE) {
        LOG.error("group '{}': cannot store generation {}: {}", group.groupId, generation, error);
        failAwaitingSync(group, error == GroupError.REQUEST_TIMED_OUT ? GroupError.REBALANCE_IN_PROGRESS : error);
        prepareRebalance(group, "its generation could not be stored");
        return null;
      }
      long now = clock.millis();
      for (Member m : group.members.values()) {
        m.assignment = assignments.getOrDefault(m.memberId, Member.NO_BYTES);
        if (m.awaitingSync != null) {
          CompletableFuture<SyncResult> future = m.awaitingSync;
          SyncResult result = new SyncResult(GroupError.NONE, group.protocolType, group.protocolName, m.assignment);
          m.awaitingSync = null;
          m.lastHeardMs = now;
          group.defer(() -> future.complete(result));
        }
      }
      group.state = GroupState.STABLE;
      LOG.info("group '{}' is stable at generation {} with {} member(s)", group.groupId, group.generationId,
          group.members.size());
      return null;
    });
  }

  /** Answers the waiting SyncGroups with {@code error}; their session restarts now, as with any answer. */
  private void failAwaitingSync(Group group, GroupError error) {
    long now = clock.millis();
    for (Member m : group.members.values()) {
      m.assignment = Member.NO_BYTES;
      if (m.awaitingSync != null) {
        CompletableFuture<SyncResult> future = m.awaitingSync;
        m.awaitingSync = null;
        m.lastHeardMs = now;
        group.defer(() -> future.complete(SyncResult.failed(error)));
      }
    }
  }

  private static Map<String, byte[]> currentAssignments(Group group) {
    Map<String, byte[]> out = new HashMap<>();
    for (Member m : group.members.values()) {
      out.put(m.memberId, m.assignment);
    }
    return out;
  }

  private CompletableFuture<GroupError> storeGroup(Group group, Map<String, byte[]> assignments) {
    return store.append(group.groupId, List.of(new GroupEntry(group.groupId, group.snapshot(assignments,
        clock.millis()))));
  }

  // ---------------------------------------------------------------- Heartbeat

  GroupError heartbeat(Group group, int generationId, String memberId, String groupInstanceId) {
    if (group.state == GroupState.DEAD) {
      return GroupError.COORDINATOR_NOT_AVAILABLE;
    }
    GroupError error = validateMember(group, memberId, groupInstanceId);
    if (error != GroupError.NONE) {
      return error;
    }
    if (generationId != group.generationId) {
      return GroupError.ILLEGAL_GENERATION;
    }
    group.member(memberId).lastHeardMs = clock.millis();
    return group.state == GroupState.PREPARING_REBALANCE ? GroupError.REBALANCE_IN_PROGRESS : GroupError.NONE;
  }

  /** An offset commit by a member counts as a sign of life, as a heartbeat does. */
  void touch(Group group, String memberId) {
    Member m = group.member(memberId);
    if (m != null) {
      m.lastHeardMs = clock.millis();
    }
  }

  // ---------------------------------------------------------------- LeaveGroup

  LeaveResult leave(Group group, List<LeavingMember> leaving) {
    if (group.state == GroupState.DEAD) {
      return new LeaveResult(GroupError.COORDINATOR_NOT_AVAILABLE, List.of());
    }
    List<LeaveResult.MemberResult> results = new ArrayList<>();
    for (LeavingMember l : leaving) {
      results.add(new LeaveResult.MemberResult(l.memberId(), l.groupInstanceId(), leaveOne(group, l)));
    }
    return new LeaveResult(GroupError.NONE, results);
  }

  private GroupError leaveOne(Group group, LeavingMember l) {
    String reason = l.reason() == null ? "" : ": " + l.reason();
    if (l.memberId().isEmpty()) {
      // KIP-345: an admin removes a static member by its instance id.
      String id = group.staticMemberId(l.groupInstanceId());
      if (id == null) {
        return GroupError.UNKNOWN_MEMBER_ID;
      }
      removeMemberAndRebalance(group, group.member(id), "static member " + l.groupInstanceId() + " left" + reason);
      return GroupError.NONE;
    }
    GroupTimer.Scheduled pending = group.pendingMembers.remove(l.memberId());
    if (pending != null) {
      pending.cancel();
      tryCompleteJoin(group);
      return GroupError.NONE;
    }
    GroupError error = validateMember(group, l.memberId(), l.groupInstanceId());
    if (error != GroupError.NONE) {
      return error;
    }
    Member member = group.member(l.memberId());
    removeMemberAndRebalance(group, member, "member " + member + " left" + reason);
    return GroupError.NONE;
  }

  private void removeMemberAndRebalance(Group group, Member member, String reason) {
    removeMember(group, member);
    if (group.state == GroupState.STABLE || group.state == GroupState.COMPLETING_REBALANCE) {
      prepareRebalance(group, reason);
    } else {
      LOG.info("group '{}': {}", group.groupId, reason);
    }
    tryCompleteJoin(group);
  }

  /** Takes the member out of the group; a request it is waiting on gets UNKNOWN_MEMBER_ID. */
  private void removeMember(Group group, Member member) {
    member.cancelSessionTimer();
    answerWaiting(group, member, GroupError.UNKNOWN_MEMBER_ID);
    group.remove(member.memberId);
  }

  private void fence(Group group, Member old) {
    old.cancelSessionTimer();
    answerWaiting(group, old, GroupError.FENCED_INSTANCE_ID);
  }

  private static void answerWaiting(Group group, Member member, GroupError error) {
    if (member.awaitingJoin != null) {
      CompletableFuture<JoinResult> join = member.awaitingJoin;
      member.awaitingJoin = null;
      group.defer(() -> join.complete(JoinResult.failed(error, member.memberId)));
    }
    if (member.awaitingSync != null) {
      CompletableFuture<SyncResult> sync = member.awaitingSync;
      member.awaitingSync = null;
      group.defer(() -> sync.complete(SyncResult.failed(error)));
    }
  }

  // ---------------------------------------------------------------- sessions

  /** Arms the session timers of members restored from the offsets topic: they have a session timeout to come back. */
  void startSessions(Group group) {
    for (Member m : group.members.values()) {
      scheduleSessionCheck(group, m, m.sessionTimeoutMs);
    }
  }

  private void scheduleSessionCheck(Group group, Member member, long delayMs) {
    member.cancelSessionTimer();
    member.sessionTimer = timer.schedule(delayMs, () -> onTimer(group, () -> checkSession(group, member)));
  }

  /** Heartbeats only move {@code lastHeardMs}; this check, armed once per member, looks at it when due. */
  private void checkSession(Group group, Member member) {
    if (group.member(member.memberId) != member) {
      return;
    }
    if (member.awaitingJoin != null || member.awaitingSync != null) {
      // Waiting on the coordinator, not expected to heartbeat: the rebalance and sync timeouts bound it.
      scheduleSessionCheck(group, member, member.sessionTimeoutMs);
      return;
    }
    long now = clock.millis();
    long deadline = member.lastHeardMs + member.sessionTimeoutMs;
    if (now < deadline) {
      scheduleSessionCheck(group, member, deadline - now);
      return;
    }
    member.sessionTimer = null;
    LOG.info("group '{}': member {} expired: not heard from for {} ms (session.timeout.ms={})", group.groupId, member,
        now - member.lastHeardMs, member.sessionTimeoutMs);
    removeMemberAndRebalance(group, member, "member " + member + " expired");
  }

  private void expirePendingMember(Group group, String memberId) {
    if (group.pendingMembers.remove(memberId) == null) {
      return;
    }
    tryCompleteJoin(group);
    if (group.isUnused()) {
      onUnused.accept(group);
    }
  }

  // ---------------------------------------------------------------- common

  /**
   * FENCED_INSTANCE_ID when the instance id belongs to another member id (KIP-345),
   * UNKNOWN_MEMBER_ID when the member is not in the group, NONE otherwise.
   */
  static GroupError validateMember(Group group, String memberId, String groupInstanceId) {
    String owner = group.staticMemberId(groupInstanceId);
    if (owner != null && !owner.equals(memberId)) {
      return GroupError.FENCED_INSTANCE_ID;
    }
    return group.members.containsKey(memberId) ? GroupError.NONE : GroupError.UNKNOWN_MEMBER_ID;
  }

  /** Runs a timer's work under the group's lock, unless the coordinator closed. */
  private void onTimer(Group group, Runnable work) {
    if (closed) {
      return;
    }
    try {
      group.locked(() -> {
        if (!closed) {
          work.run();
        }
        return null;
      });
    } catch (RuntimeException e) {
      LOG.error("group '{}': a timeout could not be handled: {}", group.groupId, e.toString(), e);
    }
  }

  /** Stops the timers of {@code group} and answers its waiting requests with COORDINATOR_NOT_AVAILABLE. */
  void close(Group group) {
    closed = true;
    stop(group, GroupError.COORDINATOR_NOT_AVAILABLE);
  }

  /**
   * Stops the timers of {@code group} (its members' sessions included) and answers its waiting
   * JoinGroup and SyncGroup requests with {@code error}; the protocol keeps running for other groups.
   */
  void stop(Group group, GroupError error) {
    group.cancelTimers();
    for (GroupTimer.Scheduled pending : group.pendingMembers.values()) {
      pending.cancel();
    }
    for (Member m : group.members.values()) {
      m.cancelSessionTimer();
      answerWaiting(group, m, error);
    }
  }

  /** Marks the protocol closed: timers that fire from now on do nothing. */
  void close() {
    closed = true;
  }

  /** A rebalance reason for the log, with the client's own reason (JoinGroup v8+) when it gave one. */
  private static String because(String what, JoinRequest r) {
    return r.reason() == null || r.reason().isEmpty() ? what : what + " (" + r.reason() + ")";
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
