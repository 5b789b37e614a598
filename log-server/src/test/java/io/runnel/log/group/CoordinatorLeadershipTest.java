package io.runnel.log.group;

import static io.runnel.log.group.CoordinatorFixture.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.cluster.MetadataCommand;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator follows the leadership of {@code __consumer_offsets} in the metadata: a single
 * registered broker is fenced (its partitions lose their only leader) and registers again.
 */
class CoordinatorLeadershipTest {
  private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

  @TempDir
  Path dir;
  private CoordinatorFixture f;

  @AfterEach
  void tearDown() {
    if (f != null) {
      f.close();
    }
  }

  private void register() {
    f.broker.quorum().submit(new MetadataCommand.RegisterBroker(f.broker.nodeId(), "127.0.0.1", 9092)).orThrow();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void losingTheOffsetsPartitionUnloadsItsGroupsAndRegainingItLoadsThemAgain() throws Exception {
    f = CoordinatorFixture.start(dir);
    register();
    assertThat(f.coordinator.findCoordinator("app").nodeId()).isEqualTo(f.broker.nodeId());
    PartitionState before = f.broker.metadata().partition("__consumer_offsets", f.coordinator.partitionFor("app"))
        .orElseThrow();
    assertThat(before.replicas()).containsExactly(f.broker.nodeId());

    // A stable member, a committed offset, and a second member waiting in JoinGroup for the rebalance.
    String a = f.memberId("app");
    f.join("app", a, range("orders")).join();
    f.sync("app", 1, a, Map.of()).join();
    f.commit("app", 1, a, ORDERS_1, 42);
    String b = f.memberId("app");
    CompletableFuture<JoinResult> waiting = f.join("app", b, range("orders"));
    assertThat(waiting).isNotDone();

    f.broker.quorum().submit(new MetadataCommand.FenceBroker(f.broker.nodeId())).orThrow();

    assertThat(waiting.get().error()).isEqualTo(GroupError.NOT_COORDINATOR);
    assertThat(f.coordinator.status("app")).isEqualTo(GroupError.NOT_COORDINATOR);
    assertThat(f.heartbeat("app", 1, a)).isEqualTo(GroupError.NOT_COORDINATOR);
    assertThat(f.coordinator.fetchOffsets("app", List.of(ORDERS_1)).error()).isEqualTo(GroupError.NOT_COORDINATOR);
    assertThat(f.coordinator.findCoordinator("app").error()).isEqualTo(GroupError.COORDINATOR_NOT_AVAILABLE);
    assertThat(f.coordinator.listGroups(java.util.Set.of())).isEmpty();

    register();
    PartitionState after = f.broker.metadata().partition("__consumer_offsets", f.coordinator.partitionFor("app"))
        .orElseThrow();
    assertThat(after.leader()).isEqualTo(f.broker.nodeId());
    assertThat(after.leaderEpoch()).isGreaterThan(before.leaderEpoch());
    await("the group's partition is loaded again", () -> f.coordinator.status("app") == GroupError.NONE);

    assertThat(f.committed("app", ORDERS_1).offset()).isEqualTo(42);
    GroupDescription d = f.coordinator.describeGroup("app");
    assertThat(d.members()).extracting(GroupDescription.MemberDescription::memberId).containsExactly(a);
    assertThat(f.heartbeat("app", 1, a)).isEqualTo(GroupError.NONE);
  }
}
