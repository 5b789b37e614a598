package io.runnel.log.group;

import static io.runnel.log.group.CoordinatorFixture.bytes;
import static io.runnel.log.group.CoordinatorFixture.range;
import static io.runnel.log.group.CoordinatorFixture.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KIP-345: members with a group.instance.id. */
class StaticMembershipTest {
  private static final String GROUP = "static-app";

  @TempDir
  Path dir;
  private CoordinatorFixture f;
  private String leader;
  private String follower;

  /** Two static members, "i-1" (the leader) and "i-2", Stable at generation 1 with assignments. */
  @BeforeEach
  void stableGroupOfTwo() {
    f = CoordinatorFixture.start(dir, Map.of("group.initial.rebalance.delay.ms", "100"));
    CompletableFuture<JoinResult> j1 = f.joinStatic(GROUP, "", "i-1", range("orders"));
    CompletableFuture<JoinResult> j2 = f.joinStatic(GROUP, "", "i-2", range("orders"));
    f.clock.advance(200); // the second member arrived during the initial delay: it runs twice
    leader = j1.join().memberId();
    follower = j2.join().memberId();
    assertThat(leader).startsWith("i-1-");
    assertThat(j1.join().isLeader()).isTrue();
    CompletableFuture<SyncResult> s2 = sync(follower, "i-2", 1, Map.of());
    sync(leader, "i-1", 1, Map.of(leader, bytes("orders-0,1"), follower, bytes("orders-2"))).join();
    assertThat(string(s2.join().assignment())).isEqualTo("orders-2");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private CompletableFuture<SyncResult> sync(String memberId, String instanceId, int generation,
      Map<String, byte[]> assignments) {
    return f.coordinator.sync(new SyncRequest(GROUP, generation, memberId, instanceId, "consumer", "range",
        assignments));
  }

  @Test
  void aRestartedFollowerGetsANewIdAndItsAssignmentWithoutRebalance() {
    JoinResult rejoined = f.joinStatic(GROUP, "", "i-2", range("orders")).join();

    assertThat(rejoined.error()).isEqualTo(GroupError.NONE);
    assertThat(rejoined.memberId()).startsWith("i-2-").isNotEqualTo(follower);
    assertThat(rejoined.generationId()).isEqualTo(1);
    assertThat(rejoined.members()).isEmpty();
    assertThat(rejoined.skipAssignment()).isFalse();
    SyncResult synced = sync(rejoined.memberId(), "i-2", 1, Map.of()).join();
    assertThat(string(synced.assignment())).isEqualTo("orders-2");
    assertThat(f.coordinator.describeGroup(GROUP).state()).isEqualTo(GroupState.STABLE);
    assertThat(f.coordinator.heartbeat(GROUP, 1, leader, "i-1")).isEqualTo(GroupError.NONE);

    // The old incarnation is fenced everywhere it shows its instance id.
    assertThat(f.coordinator.heartbeat(GROUP, 1, follower, "i-2")).isEqualTo(GroupError.FENCED_INSTANCE_ID);
    assertThat(sync(follower, "i-2", 1, Map.of()).join().error()).isEqualTo(GroupError.FENCED_INSTANCE_ID);
    assertThat(f.joinStatic(GROUP, follower, "i-2", range("orders")).join().error())
        .isEqualTo(GroupError.FENCED_INSTANCE_ID);
    assertThat(f.coordinator.commitOffsets(new CommitRequest(GROUP, 1, follower, "i-2",
        Map.of(new TopicPartition("orders", 2), new CommittedOffset(5, -1, null)))).join())
        .containsValue(GroupError.FENCED_INSTANCE_ID);
    assertThat(f.coordinator.heartbeat(GROUP, 1, follower, null)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
  }

  @Test
  void aRestartedLeaderIsToldToSkipTheAssignment() {
    JoinResult rejoined = f.joinStatic(GROUP, "", "i-1", range("orders")).join();

    assertThat(rejoined.generationId()).isEqualTo(1);
    assertThat(rejoined.isLeader()).isTrue();
    assertThat(rejoined.skipAssignment()).isTrue();
    assertThat(rejoined.members()).extracting(JoinResult.JoinedMember::groupInstanceId)
        .containsExactlyInAnyOrder("i-1", "i-2");
    SyncResult synced = sync(rejoined.memberId(), "i-1", 1, Map.of()).join();
    assertThat(string(synced.assignment())).isEqualTo("orders-0,1");
    assertThat(f.coordinator.heartbeat(GROUP, 1, follower, "i-2")).isEqualTo(GroupError.NONE);
  }

  @Test
  void aStaticMemberRejoiningWithNewMetadataTriggersARebalance() {
    CompletableFuture<JoinResult> rejoin = f.joinStatic(GROUP, "", "i-2", range("orders", "payments"));

    assertThat(rejoin).isNotDone();
    assertThat(f.coordinator.heartbeat(GROUP, 1, leader, "i-1")).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    JoinResult leaderJoin = f.joinStatic(GROUP, leader, "i-1", range("orders")).join();
    assertThat(leaderJoin.generationId()).isEqualTo(2);
    assertThat(rejoin.join().generationId()).isEqualTo(2);
    assertThat(leaderJoin.members()).extracting(JoinResult.JoinedMember::memberId)
        .contains(rejoin.join().memberId());
  }

  @Test
  void aReplacedMemberWaitingInAJoinIsFenced() {
    CompletableFuture<JoinResult> oldJoin = f.joinStatic(GROUP, follower, "i-2", range("orders", "payments"));
    assertThat(oldJoin).isNotDone();

    CompletableFuture<JoinResult> newJoin = f.joinStatic(GROUP, "", "i-2", range("orders", "payments"));

    assertThat(oldJoin.join().error()).isEqualTo(GroupError.FENCED_INSTANCE_ID);
    f.joinStatic(GROUP, leader, "i-1", range("orders"));
    assertThat(newJoin.join().error()).isEqualTo(GroupError.NONE);
    assertThat(newJoin.join().generationId()).isEqualTo(2);
  }

  @Test
  void aStaticMemberThatDoesNotHeartbeatStillExpires() {
    for (int i = 0; i < 4; i++) {
      f.clock.advance(3_000);
      f.coordinator.heartbeat(GROUP, 1, leader, "i-1");
    }

    assertThat(f.coordinator.heartbeat(GROUP, 1, follower, "i-2")).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.coordinator.heartbeat(GROUP, 1, leader, "i-1")).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
  }

  @Test
  void anAdminRemovesAStaticMemberByItsInstanceId() {
    LeaveResult result = f.coordinator.leave(GROUP, List.of(new LeavingMember("", "i-2", "removed by admin"),
        new LeavingMember("", "i-9", null)));

    assertThat(result.members()).extracting(LeaveResult.MemberResult::error)
        .containsExactly(GroupError.NONE, GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.coordinator.heartbeat(GROUP, 1, leader, "i-1")).isEqualTo(GroupError.REBALANCE_IN_PROGRESS);
    JoinResult alone = f.joinStatic(GROUP, leader, "i-1", range("orders")).join();
    assertThat(alone.members()).extracting(JoinResult.JoinedMember::groupInstanceId).containsExactly("i-1");
  }

  @Test
  void aLeaveNamingTheOldMemberIdOfAnInstanceIsFenced() {
    JoinResult rejoined = f.joinStatic(GROUP, "", "i-2", range("orders")).join();

    LeaveResult result = f.coordinator.leave(GROUP, List.of(new LeavingMember(follower, "i-2", null)));

    assertThat(result.members()).extracting(LeaveResult.MemberResult::error)
        .containsExactly(GroupError.FENCED_INSTANCE_ID);
    assertThat(f.coordinator.heartbeat(GROUP, 1, rejoined.memberId(), "i-2")).isEqualTo(GroupError.NONE);
  }
}
