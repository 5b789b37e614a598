package io.runnel.log.group;

import static io.runnel.log.group.CoordinatorFixture.REBALANCE_MS;
import static io.runnel.log.group.CoordinatorFixture.SESSION_MS;
import static io.runnel.log.group.CoordinatorFixture.bytes;
import static io.runnel.log.group.CoordinatorFixture.range;
import static io.runnel.log.group.CoordinatorFixture.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupMembershipTest {
  private static final String GROUP = "app";

  @TempDir
  Path dir;
  private CoordinatorFixture f;

  @AfterEach
  void tearDown() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void firstJoinGetsMemberIdRequiredThenJoinsSyncsAndIsDescribed() {
    f = CoordinatorFixture.start(dir);

    JoinResult first = f.join(GROUP, "", range("orders")).join();
    assertThat(first.error()).isEqualTo(GroupError.MEMBER_ID_REQUIRED);
    assertThat(first.memberId()).startsWith("client-");
    assertThat(first.generationId()).isEqualTo(-1);

    JoinResult joined = f.join(GROUP, first.memberId(), range("orders")).join();
    assertThat(joined.error()).isEqualTo(GroupError.NONE);
    assertThat(joined.memberId()).isEqualTo(first.memberId());
    assertThat(joined.generationId()).isEqualTo(1);
    assertThat(joined.protocolType()).isEqualTo("consumer");
    assertThat(joined.protocolName()).isEqualTo("range");
    assertThat(joined.isLeader()).isTrue();
    assertThat(joined.members()).singleElement().satisfies(m -> {
      assertThat(m.memberId()).isEqualTo(first.memberId());
      assertThat(m.metadata()).isEqualTo(CoordinatorFixture.subscription("orders"));
    });

    SyncResult synced = f.sync(GROUP, 1, first.memberId(), Map.of(first.memberId(), bytes("orders-0,1,2"))).join();
    assertThat(synced.error()).isEqualTo(GroupError.NONE);
    assertThat(string(synced.assignment())).isEqualTo("orders-0,1,2");
    assertThat(synced.protocolName()).isEqualTo("range");

    GroupDescription d = f.coordinator.describeGroup(GROUP);
    assertThat(d.state()).isEqualTo(GroupState.STABLE);
    assertThat(d.protocolType()).isEqualTo("consumer");
    assertThat(d.protocolName()).isEqualTo("range");
    assertThat(d.members()).singleElement().satisfies(m -> {
      assertThat(m.memberId()).isEqualTo(first.memberId());
      assertThat(m.clientId()).isEqualTo("client");
      assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
      assertThat(string(m.assignment())).isEqualTo("orders-0,1,2");
    });
    assertThat(f.heartbeat(GROUP, 1, first.memberId())).isEqualTo(GroupError.NONE);
  }

  @Test
  void joinGroupBeforeV4JoinsWithoutTheMemberIdRoundTrip() {
    f = CoordinatorFixture.start(dir);
    JoinRequest old = new JoinRequest(GROUP, "", null, "legacy", "/10.0.0.1", SESSION_MS, SESSION_MS, "consumer",
        List.of(range("orders")), false, false, null);

    JoinResult joined = f.coordinator.join(old).join();

    assertThat(joined.error()).isEqualTo(GroupError.NONE);
    assertThat(joined.memberId()).startsWith("legacy-");
    assertThat(joined.generationId()).isEqualTo(1);
  }

  @Test
  void threeMembersJoinWithinTheInitialDelayThenOneLeaves() {
    f = CoordinatorFixture.start(dir, Map.of("group.initial.rebalance.delay.ms", "100"));
    String a = f.memberId(GROUP);
    String b = f.memberId(GROUP);
    String c = f.memberId(GROUP);
    CompletableFuture<JoinResult> ja = f.join(GROUP, a, range("orders"));
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    CompletableFuture<JoinResult> jc = f.join(GROUP, c, range("orders"));
    assertThat(List.of(ja, jb, jc)).allMatch(j -> !j.isDone());
    assertThat(f.coordinator.describeGroup(GROUP).state()).isEqualTo(GroupState.PREPARING_REBALANCE);

    f.clock.advance(100); // new members arrived during the delay: it runs once more
    assertThat(ja).isNotDone();
    f.clock.advance(100);

    JoinResult ra = ja.join();
    JoinResult rb = jb.join();
    JoinResult rc = jc.join();
    assertThat(List.of(ra, rb, rc)).allMatch(r -> r.error() == GroupError.NONE && r.generationId() == 1);
    assertThat(ra.isLeader()).isTrue();
    assertThat(ra.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(a, b, c);
    assertThat(rb.members()).isEmpty();
    assertThat(rb.leaderId()).isEqualTo(a);

    // Followers wait in SyncGroup until the leader sends the assignment.
    CompletableFuture<SyncResult> sb = f.sync(GROUP, 1, b, Map.of());
    CompletableFuture<SyncResult> sc = f.sync(GROUP, 1, c, Map.of());
    assertThat(sb).isNotDone();
    SyncResult sa = f.sync(GROUP, 1, a, Map.of(a, bytes("A"), b, bytes("B"), c, bytes("C"))).join();
    assertThat(string(sa.assignment())).isEqualTo("A");
    assertThat(string(sb.join().assignment())).isEqualTo("B");
    assertThat(string(sc.join().assignment())).isEqualTo("C");

    LeaveResult left = f.coordinator.leave(GROUP, List.of(new LeavingMember(b, null, "shutting down")));
    assertThat(left.error()).isEqualTo(GroupError.NONE);
    assertThat(left.members()).singleElement().extracting(LeaveResult.MemberResult::error).isEqualTo(GroupError.NONE);

    assertThat(f.heartbeat(GROUP, 1, a)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    assertThat(f.heartbeat(GROUP, 1, b)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    CompletableFuture<JoinResult> ja2 = f.join(GROUP, a, range("orders"));
    assertThat(ja2).isNotDone();
    JoinResult rc2 = f.join(GROUP, c, range("orders")).join();
    JoinResult ra2 = ja2.join();
    assertThat(ra2.generationId()).isEqualTo(2);
    assertThat(rc2.generationId()).isEqualTo(2);
    assertThat(ra2.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(a, c);
  }

  @Test
  void sessionTimeoutRemovesASilentMember() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    JoinResult first = f.join(GROUP, a, range("orders")).join();
    f.sync(GROUP, first.generationId(), a, Map.of(a, bytes("all"))).join();
    String b = f.memberId(GROUP);
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    f.join(GROUP, a, range("orders")).join();
    assertThat(jb.join().generationId()).isEqualTo(2);
    f.sync(GROUP, 2, b, Map.of());
    f.sync(GROUP, 2, a, Map.of(a, bytes("a"), b, bytes("b"))).join();

    // a heartbeats every 3 s, b never does.
    for (int i = 0; i < 3; i++) {
      f.clock.advance(3_000);
      assertThat(f.heartbeat(GROUP, 2, a)).isEqualTo(GroupError.NONE);
    }
    f.clock.advance(SESSION_MS - 9_000);

    assertThat(f.heartbeat(GROUP, 2, b)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.heartbeat(GROUP, 2, a)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    JoinResult alone = f.join(GROUP, a, range("orders")).join();
    assertThat(alone.generationId()).isEqualTo(3);
    assertThat(alone.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(a);
  }

  @Test
  void aGroupWhoseLastMemberExpiresIsEmpty() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    f.sync(GROUP, 1, a, Map.of()).join();

    f.clock.advance(SESSION_MS);

    assertThat(f.coordinator.describeGroup(GROUP).state()).isEqualTo(GroupState.EMPTY);
    assertThat(f.coordinator.describeGroup(GROUP).members()).isEmpty();
    assertThat(f.coordinator.listGroups(Set.of(GroupState.EMPTY)))
        .containsExactly(new GroupListing(GROUP, "consumer", GroupState.EMPTY));
    assertThat(f.heartbeat(GROUP, 1, a)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
  }

  @Test
  void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    String b = f.memberId(GROUP);
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    f.join(GROUP, a, range("orders")).join();
    jb.join();
    f.sync(GROUP, 2, b, Map.of());
    f.sync(GROUP, 2, a, Map.of()).join();

    // The leader rejoins (a rebalance); b keeps heartbeating but never rejoins.
    CompletableFuture<JoinResult> ja = f.join(GROUP, a, range("orders", "payments"));
    for (int t = 0; t < REBALANCE_MS - 5_000; t += 5_000) {
      f.clock.advance(5_000);
      assertThat(f.heartbeat(GROUP, 2, b)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    }
    assertThat(ja).isNotDone();
    f.clock.advance(5_000);

    JoinResult ra = ja.join();
    assertThat(ra.generationId()).isEqualTo(3);
    assertThat(ra.members()).extracting(JoinResult.JoinedMember::memberId).containsExactly(a);
    assertThat(f.heartbeat(GROUP, 2, b)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
  }

  @Test
  void aLeaderThatNeverSyncsIsRemovedAndTheFollowersRejoin() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    String b = f.memberId(GROUP);
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    f.join(GROUP, a, range("orders")).join();
    assertThat(jb.join().leaderId()).isEqualTo(a);
    CompletableFuture<SyncResult> sb = f.sync(GROUP, 2, b, Map.of());

    // The leader heartbeats, so its session lives, but it never sends its SyncGroup.
    for (int t = 0; t < REBALANCE_MS - 5_000; t += 5_000) {
      f.clock.advance(5_000);
      assertThat(f.heartbeat(GROUP, 2, a)).isEqualTo(GroupError.NONE);
    }
    assertThat(sb).isNotDone();
    f.clock.advance(5_000);

    assertThat(sb.join().error()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    JoinResult rb = f.join(GROUP, b, range("orders")).join();
    assertThat(rb.generationId()).isEqualTo(3);
    assertThat(rb.isLeader()).isTrue();
    assertThat(f.heartbeat(GROUP, 2, a)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
  }

  @Test
  void heartbeatAndSyncErrorsAreThoseAClientExpects() {
    f = CoordinatorFixture.start(dir);
    assertThat(f.heartbeat("nobody", 1, "x")).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();

    // CompletingRebalance: heartbeats of the generation are fine; a sync of another generation is not.
    assertThat(f.heartbeat(GROUP, 1, a)).isEqualTo(GroupError.NONE);
    assertThat(f.heartbeat(GROUP, 0, a)).isEqualTo(GroupError.ILLEGAL_GENERATION);
    assertThat(f.heartbeat(GROUP, 1, "stranger")).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.sync(GROUP, 7, a, Map.of()).join().error()).isEqualTo(GroupError.ILLEGAL_GENERATION);
    assertThat(f.coordinator.sync(new SyncRequest(GROUP, 1, a, null, "consumer", "roundrobin", Map.of())).join()
        .error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
    assertThat(f.sync(GROUP, 1, "stranger", Map.of()).join().error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    f.sync(GROUP, 1, a, Map.of()).join();

    // PreparingRebalance: heartbeats say rejoin; syncs are refused.
    String b = f.memberId(GROUP);
    f.join(GROUP, b, range("orders"));
    assertThat(f.heartbeat(GROUP, 1, a)).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    assertThat(f.sync(GROUP, 1, a, Map.of()).join().error()).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    assertThat(f.heartbeat(GROUP, 2, a)).isEqualTo(GroupError.ILLEGAL_GENERATION);
  }

  @Test
  void joinsWithBadSettingsAreRefused() {
    f = CoordinatorFixture.start(dir);
    JoinRequest tooShort = new JoinRequest(GROUP, "", null, "c", "h", 999, 30_000, "consumer",
        List.of(range("orders")), true, true, null);
    JoinRequest tooLong = new JoinRequest(GROUP, "", null, "c", "h", 60_001, 30_000, "consumer",
        List.of(range("orders")), true, true, null);
    JoinRequest noProtocol = new JoinRequest(GROUP, "", null, "c", "h", SESSION_MS, 30_000, "consumer", List.of(),
        true, true, null);
    JoinRequest noGroup = new JoinRequest("", "", null, "c", "h", SESSION_MS, 30_000, "consumer",
        List.of(range("orders")), true, true, null);

    assertThat(f.coordinator.join(tooShort).join().error()).isEqualTo(GroupError.INVALID_SESSION_TIMEOUT);
    assertThat(f.coordinator.join(tooLong).join().error()).isEqualTo(GroupError.INVALID_SESSION_TIMEOUT);
    assertThat(f.coordinator.join(noProtocol).join().error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
    assertThat(f.coordinator.join(noGroup).join().error()).isEqualTo(GroupError.INVALID_GROUP_ID);
    assertThat(f.join(GROUP, "made-up", range("orders")).join().error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.coordinator.listGroups(Set.of())).isEmpty();
  }

  @Test
  void aMemberWithoutACommonProtocolCannotJoin() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    String b = f.memberId(GROUP);

    JoinResult other = f.join(GROUP, b, new JoinProtocol("sticky", bytes("x"))).join();
    JoinRequest connect = new JoinRequest(GROUP, "", null, "w", "h", SESSION_MS, 30_000, "connect",
        List.of(range("orders")), true, true, null);

    assertThat(other.error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
    assertThat(f.coordinator.join(connect).join().error()).isEqualTo(GroupError.INCONSISTENT_GROUP_PROTOCOL);
  }

  @Test
  void theProtocolMostMembersPreferIsChosen() {
    f = CoordinatorFixture.start(dir, Map.of("group.initial.rebalance.delay.ms", "50"));
    JoinProtocol rangeP = range("orders");
    JoinProtocol robin = new JoinProtocol("roundrobin", CoordinatorFixture.subscription("orders"));
    JoinProtocol sticky = new JoinProtocol("sticky", CoordinatorFixture.subscription("orders"));
    CompletableFuture<JoinResult> a = f.join(GROUP, f.memberId(GROUP), rangeP, robin, sticky);
    CompletableFuture<JoinResult> b = f.join(GROUP, f.memberId(GROUP), robin, rangeP);
    CompletableFuture<JoinResult> c = f.join(GROUP, f.memberId(GROUP), robin, rangeP);

    f.clock.advance(100);

    assertThat(List.of(a.join(), b.join(), c.join())).extracting(JoinResult::protocolName)
        .containsOnly("roundrobin");
  }

  @Test
  void aNewLeaderIsChosenWhenTheLeaderLeaves() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    String b = f.memberId(GROUP);
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    f.join(GROUP, a, range("orders")).join();
    jb.join();

    f.coordinator.leave(GROUP, List.of(new LeavingMember(a, null, null)));
    JoinResult rb = f.join(GROUP, b, range("orders")).join();

    assertThat(rb.generationId()).isEqualTo(3);
    assertThat(rb.leaderId()).isEqualTo(b);
    assertThat(rb.isLeader()).isTrue();
  }

  @Test
  void aMemberIdThatIsNeverUsedIsForgotten() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    assertThat(f.coordinator.listGroups(Set.of())).extracting(GroupListing::groupId).containsExactly(GROUP);

    f.clock.advance(SESSION_MS);

    assertThat(f.join(GROUP, a, range("orders")).join().error()).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.coordinator.listGroups(Set.of())).isEmpty();
  }

  @Test
  void aRebalanceWaitsForAMemberIdHandedOutButNotLongerThanItsSession() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    f.sync(GROUP, 1, a, Map.of()).join();
    String b = f.memberId(GROUP);
    f.memberId(GROUP); // handed out, never used
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    CompletableFuture<JoinResult> ja = f.join(GROUP, a, range("orders"));
    assertThat(ja).isNotDone();

    f.clock.advance(SESSION_MS);

    assertThat(ja.join().generationId()).isEqualTo(2);
    assertThat(jb.join().members()).isEmpty();
    assertThat(ja.join().members()).hasSize(2);
  }

  @Test
  void leavingWithAnUnknownIdReportsItPerMember() {
    f = CoordinatorFixture.start(dir);
    LeaveResult none = f.coordinator.leave("ghost", List.of(new LeavingMember("m", null, null)));
    assertThat(none.error()).isEqualTo(GroupError.NONE);
    assertThat(none.members()).extracting(LeaveResult.MemberResult::error)
        .containsExactly(GroupError.UNKNOWN_MEMBER_ID);

    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    LeaveResult mixed = f.coordinator.leave(GROUP, List.of(new LeavingMember("m", null, null),
        new LeavingMember(a, null, null)));
    assertThat(mixed.members()).extracting(LeaveResult.MemberResult::error)
        .containsExactly(GroupError.UNKNOWN_MEMBER_ID, GroupError.NONE);
    assertThat(f.coordinator.describeGroup(GROUP).state()).isEqualTo(GroupState.EMPTY);
  }
}
