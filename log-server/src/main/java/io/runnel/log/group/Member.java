package io.runnel.log.group;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A member of a classic group: what it sent in its last JoinGroup, its assignment, the request it
 * is waiting on (a JoinGroup during a rebalance, a SyncGroup until the leader's assignment) and its
 * session (the last time it was heard from, and the timer that checks it).
 *
 * <p>Not thread-safe: owned by its {@link Group}'s lock. A static member that rejoins is replaced by
 * a new object with a new id, so a timer holding the old object finds it gone and does nothing.
 */
final class Member {
  static final byte[] NO_BYTES = new byte[0];

  final String memberId;
  final String groupInstanceId;
  String clientId;
  String clientHost;
  int sessionTimeoutMs;
  int rebalanceTimeoutMs;
  String protocolType;
  List<JoinProtocol> protocols;
  byte[] assignment = NO_BYTES;

  CompletableFuture<JoinResult> awaitingJoin;
  CompletableFuture<SyncResult> awaitingSync;
  long lastHeardMs;
  GroupTimer.Scheduled sessionTimer;

  Member(String memberId, String groupInstanceId, JoinRequest join, long nowMs) {
    this.memberId = memberId;
    this.groupInstanceId = groupInstanceId;
    update(join);
    this.lastHeardMs = nowMs;
  }

  /** Restores a member from the offsets topic: its one protocol is the group's chosen one. */
  Member(OffsetsTopicFormat.StoredMember stored, String protocolType, String protocolName, long nowMs) {
    this.memberId = stored.memberId();
    this.groupInstanceId = stored.groupInstanceId();
    this.clientId = stored.clientId();
    this.clientHost = stored.clientHost();
    this.sessionTimeoutMs = stored.sessionTimeoutMs();
    this.rebalanceTimeoutMs = stored.rebalanceTimeoutMs();
    this.protocolType = protocolType;
    this.protocols = List.of(new JoinProtocol(protocolName, stored.subscription()));
    this.assignment = stored.assignment() == null ? NO_BYTES : stored.assignment();
    this.lastHeardMs = nowMs;
  }

  /** A static member's successor under a new member id: same assignment, the rejoin's settings. */
  Member successor(String newMemberId, JoinRequest join, long nowMs) {
    Member next = new Member(newMemberId, groupInstanceId, join, nowMs);
    next.assignment = assignment;
    return next;
  }

  void update(JoinRequest join) {
    this.clientId = join.clientId();
    this.clientHost = join.clientHost();
    this.sessionTimeoutMs = join.sessionTimeoutMs();
    this.rebalanceTimeoutMs = join.rebalanceTimeoutMs();
    this.protocolType = join.protocolType();
    this.protocols = join.protocols();
  }

  boolean supports(String protocolName) {
    for (JoinProtocol p : protocols) {
      if (p.name().equals(protocolName)) {
        return true;
      }
    }
    return false;
  }

  /** The member's metadata for {@code protocolName}; empty when it does not support it. */
  byte[] metadata(String protocolName) {
    for (JoinProtocol p : protocols) {
      if (p.name().equals(protocolName)) {
        return p.metadata();
      }
    }
    return NO_BYTES;
  }

  /** True when {@code protocols} are exactly the ones this member joined with (names, order and metadata). */
  boolean sameProtocols(List<JoinProtocol> others) {
    return protocols.equals(others);
  }

  boolean isStatic() {
    return groupInstanceId != null;
  }

  boolean hasMetadata(String protocolName, byte[] metadata) {
    return supports(protocolName) && Arrays.equals(metadata(protocolName), metadata);
  }

  void cancelSessionTimer() {
    if (sessionTimer != null) {
      sessionTimer.cancel();
      sessionTimer = null;
    }
  }

  @Override
  public String toString() {
    return groupInstanceId == null ? memberId : memberId + " (instance " + groupInstanceId + ")";
  }
}
