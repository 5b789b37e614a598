package io.runnel.log.group;

import static io.runnel.log.group.CoordinatorFixture.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.cluster.MetadataCommand;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.server.Partition;
import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group writes wait for the in-sync replicas of their {@code __consumer_offsets} partition. A real
 * broker and its one-node quorum; a second broker is registered by hand, so the offsets topic gets
 * two replicas and this node leads some partitions with node 2 in their ISR. Node 2's fetches are
 * played by calling the leader's {@link Partition#followerFetched}, as the Fetch API does.
 */
class ReplicatedGroupWritesTest {
  private static final int FOLLOWER = 2;
  private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

  @TempDir
  Path dir;
  private CoordinatorFixture f;
  private String group;
  private Partition offsets;

  @BeforeEach
  void setUp() {
    f = CoordinatorFixture.start(dir, Map.of("offsets.commit.timeout.ms", "5000"));
    f.broker.quorum().submit(new MetadataCommand.RegisterBroker(FOLLOWER, "127.0.0.1", 9999)).orThrow();
    // A group whose partition this node leads (the topic is created on the first FindCoordinator).
    for (int i = 0; group == null; i++) {
      if (f.coordinator.findCoordinator("app-" + i).nodeId() == f.broker.nodeId()) {
        group = "app-" + i;
      }
    }
    int partition = f.coordinator.partitionFor(group);
    PartitionState state = f.broker.metadata().partition(OffsetsTopic.NAME, partition).orElseThrow();
    assertThat(state.isr()).containsExactlyInAnyOrder(f.broker.nodeId(), FOLLOWER);
    offsets = f.broker.partition(OffsetsTopic.NAME, partition).orElseThrow();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private CompletableFuture<Map<TopicPartition, GroupError>> commit(long offset) {
    return f.coordinator.commitOffsets(new CommitRequest(group, -1, "", null,
        Map.of(ORDERS_1, new CommittedOffset(offset, -1, null))));
  }

  private void followerFetchesEverything() {
    offsets.followerFetched(FOLLOWER, offsets.log().logEndOffset(), System.currentTimeMillis());
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS); // a bound for a hung test, not a timing assertion
  }

  @Test
  void aCommitIsAnsweredOnlyOnceTheInSyncFollowerHasFetchedIt() throws Exception {
    CompletableFuture<Map<TopicPartition, GroupError>> commit = commit(42);

    assertThat(offsets.log().logEndOffset()).isGreaterThan(offsets.highWatermark());
    assertThat(commit).isNotDone();
    assertThat(f.committed(group, ORDERS_1)).isEqualTo(CommittedOffset.NONE);

    followerFetchesEverything();

    assertThat(result(commit)).containsExactly(Map.entry(ORDERS_1, GroupError.NONE));
    assertThat(f.committed(group, ORDERS_1).offset()).isEqualTo(42);
  }

  @Test
  void aCommitTheFollowerNeverFetchesTimesOutAndIsNotApplied() throws Exception {
    CompletableFuture<Map<TopicPartition, GroupError>> commit = commit(42);

    f.clock.advance(4_999);
    assertThat(commit).isNotDone();
    f.clock.advance(1);

    assertThat(result(commit)).containsExactly(Map.entry(ORDERS_1, GroupError.REQUEST_TIMED_OUT));
    assertThat(f.committed(group, ORDERS_1)).isEqualTo(CommittedOffset.NONE);
    // A retry that the follower fetches succeeds.
    CompletableFuture<Map<TopicPartition, GroupError>> retry = commit(42);
    followerFetchesEverything();
    assertThat(result(retry)).containsExactly(Map.entry(ORDERS_1, GroupError.NONE));
    assertThat(f.committed(group, ORDERS_1).offset()).isEqualTo(42);
  }

  @Test
  void theLeadersAssignmentReachesTheMembersOnlyOnceTheFollowerHasIt() throws Exception {
    String a = f.memberId(group);
    JoinResult joined = f.join(group, a, range("orders")).join();
    CompletableFuture<SyncResult> sync = f.sync(group, joined.generationId(), a,
        Map.of(a, CoordinatorFixture.bytes("orders-0,1,2")));

    assertThat(sync).isNotDone();
    assertThat(f.coordinator.describeGroup(group).state()).isEqualTo(GroupState.COMPLETING_REBALANCE);

    followerFetchesEverything();

    SyncResult synced = result(sync);
    assertThat(synced.error()).isEqualTo(GroupError.NONE);
    assertThat(CoordinatorFixture.string(synced.assignment())).isEqualTo("orders-0,1,2");
    assertThat(f.coordinator.describeGroup(group).state()).isEqualTo(GroupState.STABLE);
  }

  @Test
  void aCommitWaitingWhenTheLeadershipMovesIsAnsweredNotCoordinator() throws Exception {
    CompletableFuture<Map<TopicPartition, GroupError>> commit = commit(42);
    assertThat(commit).isNotDone();

    f.broker.quorum().submit(new MetadataCommand.FenceBroker(f.broker.nodeId())).orThrow();

    assertThat(result(commit)).containsExactly(Map.entry(ORDERS_1, GroupError.NOT_COORDINATOR));
  }

  @Test
  void belowMinInsyncReplicasNothingIsWrittenAndTheClientIsToldToRetry() throws Exception {
    f.broker.setTopicConfigs(OffsetsTopic.NAME, Map.of("cleanup.policy", "compact", "min.insync.replicas", "2"));
    PartitionState state = f.broker.metadata().partition(OffsetsTopic.NAME, offsets.topicPartition().partition())
        .orElseThrow();
    f.broker.quorum().submit(new MetadataCommand.AlterIsr(OffsetsTopic.NAME, offsets.topicPartition().partition(),
        state.leader(),
        state.leaderEpoch(), List.of(f.broker.nodeId()))).orThrow();
    long end = offsets.log().logEndOffset();

    assertThat(result(commit(42))).containsExactly(Map.entry(ORDERS_1, GroupError.COORDINATOR_NOT_AVAILABLE));
    assertThat(offsets.log().logEndOffset()).isEqualTo(end);

    // With min.insync.replicas 1 the leader alone is the ISR: answered at once, as on a single node.
    f.broker.setTopicConfigs(OffsetsTopic.NAME, Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"));
    CompletableFuture<Map<TopicPartition, GroupError>> alone = commit(43);
    assertThat(alone).isDone();
    assertThat(alone.join()).containsExactly(Map.entry(ORDERS_1, GroupError.NONE));
    assertThat(f.committed(group, ORDERS_1).offset()).isEqualTo(43);
  }
}
