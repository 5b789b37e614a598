package io.runnel.log.group;

import static io.runnel.log.group.CoordinatorFixture.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OffsetCommit, OffsetFetch, OffsetDelete, DeleteGroups, ListGroups, DescribeGroups. */
class OffsetsAndAdministrationTest {
  private static final String GROUP = "billing";
  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
  private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
  private static final TopicPartition PAYMENTS_0 = new TopicPartition("payments", 0);

  @TempDir
  Path dir;
  private CoordinatorFixture f;

  @BeforeEach
  void setUp() {
    f = CoordinatorFixture.start(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** One member, Stable at generation 1, subscribed to orders; returns its id. */
  private String stableMember() {
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();
    f.sync(GROUP, 1, a, Map.of()).join();
    return a;
  }

  @Test
  void aMemberCommitsAndFetchesItsOffsets() {
    String a = stableMember();

    assertThat(f.commit(GROUP, 1, a, ORDERS_0, 42)).containsExactly(entry(ORDERS_0, GroupError.NONE));
    assertThat(f.commit(GROUP, 1, a, ORDERS_0, 57)).containsExactly(entry(ORDERS_0, GroupError.NONE));
    f.commit(GROUP, 1, a, PAYMENTS_0, 7);

    assertThat(f.committed(GROUP, ORDERS_0)).isEqualTo(new CommittedOffset(57, 3, "meta-57"));
    assertThat(f.committed(GROUP, ORDERS_1)).isEqualTo(CommittedOffset.NONE);
    assertThat(f.coordinator.fetchOffsets(GROUP, null).offsets())
        .containsOnly(entry(ORDERS_0, new CommittedOffset(57, 3, "meta-57")),
            entry(PAYMENTS_0, new CommittedOffset(7, 3, "meta-7")));
    assertThat(f.coordinator.fetchOffsets("other-group", List.of(ORDERS_0)).offsets())
        .containsExactly(entry(ORDERS_0, CommittedOffset.NONE));
    assertThat(f.coordinator.fetchOffsets("other-group", null).offsets()).isEmpty();
  }

  @Test
  void commitsAreCheckedAgainstMembershipAndGeneration() {
    String a = stableMember();

    assertThat(f.commit(GROUP, 2, a, ORDERS_0, 1)).containsValue(GroupError.ILLEGAL_GENERATION);
    assertThat(f.commit(GROUP, 1, "stranger", ORDERS_0, 1)).containsValue(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.commit(GROUP, -1, "", ORDERS_0, 1)).containsValue(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.commit("no-such-group", 3, "m", ORDERS_0, 1)).containsValue(GroupError.GROUP_ID_NOT_FOUND);
    assertThat(f.committed(GROUP, ORDERS_0)).isEqualTo(CommittedOffset.NONE);

    // PreparingRebalance: the members of the old generation may still commit (before they rejoin).
    String b = f.memberId(GROUP);
    CompletableFuture<JoinResult> jb = f.join(GROUP, b, range("orders"));
    assertThat(f.commit(GROUP, 1, a, ORDERS_0, 10)).containsValue(GroupError.NONE);
    // CompletingRebalance: not until the new assignment is known.
    f.join(GROUP, a, range("orders")).join();
    assertThat(jb.join().generationId()).isEqualTo(2);
    assertThat(f.commit(GROUP, 2, a, ORDERS_0, 11)).containsValue(GroupError.REBALANCE_IN_PROGRESS);
    assertThat(f.committed(GROUP, ORDERS_0).offset()).isEqualTo(10);
  }

  @Test
  void aSimpleClientCommitsWithoutMembership() {
    Map<TopicPartition, GroupError> result = f.commit("simple", -1, "", ORDERS_1, 99);

    assertThat(result).containsExactly(entry(ORDERS_1, GroupError.NONE));
    assertThat(f.committed("simple", ORDERS_1).offset()).isEqualTo(99);
    assertThat(f.coordinator.listGroups(Set.of())).containsExactly(new GroupListing("simple", "", GroupState.EMPTY));
    GroupDescription d = f.coordinator.describeGroup("simple");
    assertThat(d.state()).isEqualTo(GroupState.EMPTY);
    assertThat(d.protocolType()).isEmpty();
    assertThat(d.members()).isEmpty();
  }

  @Test
  void commitsOfUnknownPartitionsOrTooMuchMetadataAreRefusedOneByOne() {
    Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
    offsets.put(ORDERS_0, new CommittedOffset(1, -1, null));
    offsets.put(new TopicPartition("orders", 3), new CommittedOffset(1, -1, null));
    offsets.put(new TopicPartition("nope", 0), new CommittedOffset(1, -1, null));
    offsets.put(ORDERS_1, new CommittedOffset(1, -1, "x".repeat(GroupCoordinator.OFFSET_METADATA_MAX_BYTES + 1)));

    Map<TopicPartition, GroupError> result = f.coordinator.commitOffsets(new CommitRequest("g", -1, "", null, offsets)).join();

    assertThat(result).containsExactly(
        entry(ORDERS_0, GroupError.NONE),
        entry(new TopicPartition("orders", 3), GroupError.UNKNOWN_TOPIC_OR_PARTITION),
        entry(new TopicPartition("nope", 0), GroupError.UNKNOWN_TOPIC_OR_PARTITION),
        entry(ORDERS_1, GroupError.OFFSET_METADATA_TOO_LARGE));
    assertThat(f.committed("g", ORDERS_0)).isEqualTo(new CommittedOffset(1, -1, null));
    assertThat(f.committed("g", ORDERS_1)).isEqualTo(CommittedOffset.NONE);
  }

  @Test
  void aSimpleCommitThatStoresNothingLeavesNoGroupBehind() {
    f.commit("typo", -1, "", new TopicPartition("nope", 0), 1);

    assertThat(f.coordinator.listGroups(Set.of())).isEmpty();
    assertThat(f.coordinator.describeGroup("typo").error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
  }

  @Test
  void offsetsOfAnEmptyGroupCanBeDeleted() {
    f.commit(GROUP, -1, "", ORDERS_0, 5);
    f.commit(GROUP, -1, "", ORDERS_1, 6);

    OffsetDeleteResult result = f.coordinator.deleteOffsets(GROUP, List.of(ORDERS_0, new TopicPartition("nope", 1))).join();

    assertThat(result.error()).isEqualTo(GroupError.NONE);
    assertThat(result.partitions()).containsExactly(entry(ORDERS_0, GroupError.NONE),
        entry(new TopicPartition("nope", 1), GroupError.UNKNOWN_TOPIC_OR_PARTITION));
    assertThat(f.committed(GROUP, ORDERS_0)).isEqualTo(CommittedOffset.NONE);
    assertThat(f.committed(GROUP, ORDERS_1).offset()).isEqualTo(6);
    assertThat(f.coordinator.deleteOffsets("ghost", List.of(ORDERS_0)).join().error())
        .isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
  }

  @Test
  void aConsumerGroupKeepsTheOffsetsOfTopicsItSubscribesTo() {
    String a = stableMember();
    f.commit(GROUP, 1, a, ORDERS_0, 5);
    f.commit(GROUP, 1, a, PAYMENTS_0, 6);

    OffsetDeleteResult result = f.coordinator.deleteOffsets(GROUP, List.of(ORDERS_0, PAYMENTS_0)).join();

    assertThat(result.partitions()).containsExactly(entry(ORDERS_0, GroupError.GROUP_SUBSCRIBED_TO_TOPIC),
        entry(PAYMENTS_0, GroupError.NONE));
    assertThat(f.committed(GROUP, ORDERS_0).offset()).isEqualTo(5);
    assertThat(f.committed(GROUP, PAYMENTS_0)).isEqualTo(CommittedOffset.NONE);
  }

  @Test
  void aNonConsumerGroupWithMembersKeepsItsOffsets() {
    JoinRequest worker = new JoinRequest("connect", "", null, "w", "h", 10_000, 30_000, "connect",
        List.of(new JoinProtocol("sessioned", new byte[] {1})), false, true, null);
    f.coordinator.join(worker).join();

    assertThat(f.coordinator.deleteOffsets("connect", List.of(ORDERS_0)).join().error())
        .isEqualTo(GroupError.NON_EMPTY_GROUP);
  }

  @Test
  void onlyEmptyGroupsCanBeDeletedAndThenTheirOffsetsAreGone() {
    String a = stableMember();
    f.commit(GROUP, 1, a, ORDERS_0, 5);

    assertThat(f.coordinator.deleteGroups(List.of(GROUP, "ghost")).join())
        .containsExactly(entry(GROUP, GroupError.NON_EMPTY_GROUP), entry("ghost", GroupError.GROUP_ID_NOT_FOUND));

    f.coordinator.leave(GROUP, List.of(new LeavingMember(a, null, null)));
    assertThat(f.coordinator.describeGroup(GROUP).state()).isEqualTo(GroupState.EMPTY);
    assertThat(f.coordinator.deleteGroups(List.of(GROUP)).join()).containsExactly(entry(GROUP, GroupError.NONE));

    assertThat(f.coordinator.describeGroup(GROUP).error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
    assertThat(f.coordinator.describeGroup(GROUP).state()).isEqualTo(GroupState.DEAD);
    assertThat(f.committed(GROUP, ORDERS_0)).isEqualTo(CommittedOffset.NONE);
    assertThat(f.coordinator.listGroups(Set.of())).isEmpty();
    // The id is free again: a new group starts over at generation 1.
    String b = f.memberId(GROUP);
    assertThat(f.join(GROUP, b, range("orders")).join().generationId()).isEqualTo(1);
  }

  @Test
  void groupsAreListedWithTheirStateAndFilteredByIt() {
    stableMember();
    f.commit("simple", -1, "", ORDERS_0, 1);

    assertThat(f.coordinator.listGroups(Set.of())).containsExactlyInAnyOrder(
        new GroupListing(GROUP, "consumer", GroupState.STABLE),
        new GroupListing("simple", "", GroupState.EMPTY));
    assertThat(f.coordinator.listGroups(Set.of(GroupState.STABLE))).extracting(GroupListing::groupId)
        .containsExactly(GROUP);
    assertThat(f.coordinator.listGroups(Set.of(GroupState.PREPARING_REBALANCE))).isEmpty();
  }

  @Test
  void membersMetadataAndAssignmentsAreDescribedOnlyWhenStable() {
    String a = f.memberId(GROUP);
    f.join(GROUP, a, range("orders")).join();

    GroupDescription completing = f.coordinator.describeGroup(GROUP);
    assertThat(completing.state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
    assertThat(completing.protocolName()).isEmpty();
    assertThat(completing.members()).singleElement().satisfies(m -> {
      assertThat(m.memberId()).isEqualTo(a);
      assertThat(m.metadata()).isEmpty();
    });

    f.sync(GROUP, 1, a, Map.of(a, CoordinatorFixture.bytes("x"))).join();
    GroupDescription stable = f.coordinator.describeGroup(GROUP);
    assertThat(stable.protocolName()).isEqualTo("range");
    assertThat(stable.members()).singleElement().satisfies(m -> {
      assertThat(m.metadata()).isEqualTo(CoordinatorFixture.subscription("orders"));
      assertThat(m.assignment()).isEqualTo(CoordinatorFixture.bytes("x"));
    });
  }
}
