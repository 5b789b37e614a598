package io.runnel.log.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.server.Broker;
import io.runnel.log.server.ServerConfig;
import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many members of several groups, each on its own thread, behave as consumers do (join, sync,
 * commit, heartbeat, rejoin when told) against the real clock and a real scheduler: every group
 * settles Stable with all its members, and nothing deadlocks.
 */
class ConcurrentGroupsTest {
  private static final int GROUPS = 4;
  private static final int MEMBERS = 3;

  @TempDir
  Path dir;

  @Test
  @Timeout(60)
  void groupsSettleWhileTheirMembersRunConcurrently() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService consumers = Executors.newFixedThreadPool(GROUPS * MEMBERS);
    try (Broker broker = Broker.open(ServerConfig.of(Map.of("log.dirs", dir.toString(),
        "offsets.topic.num.partitions", "4", "group.initial.rebalance.delay.ms", "0",
        "group.min.session.timeout.ms", "1000")), InstantSource.system())) {
      broker.createTopic("events", MEMBERS, Map.of());
      GroupCoordinator coordinator = new GroupCoordinator(broker, InstantSource.system(), scheduler);
      coordinator.start();
      Map<String, CountDownLatch> settled = new HashMap<>();
      List<Future<Integer>> runs = new ArrayList<>();
      for (int g = 0; g < GROUPS; g++) {
        String group = "group-" + g;
        settled.put(group, new CountDownLatch(MEMBERS));
        for (int m = 0; m < MEMBERS; m++) {
          int partition = m;
          runs.add(consumers.submit(() -> runMember(coordinator, group, partition, settled.get(group))));
        }
      }
      for (Future<Integer> run : runs) {
        assertThat(run.get(50, TimeUnit.SECONDS)).as("commits of a member").isPositive();
      }

      for (int g = 0; g < GROUPS; g++) {
        GroupDescription d = coordinator.describeGroup("group-" + g);
        assertThat(d.state()).isEqualTo(GroupState.STABLE);
        assertThat(d.members()).hasSize(MEMBERS);
        assertThat(coordinator.fetchOffsets("group-" + g, null).offsets()).hasSize(MEMBERS);
      }
      assertThat(coordinator.listGroups(Set.of(GroupState.STABLE))).hasSize(GROUPS);
      coordinator.close();
    } finally {
      consumers.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  /** A consumer's loop; returns how many of its commits succeeded. */
  private static int runMember(GroupCoordinator coordinator, String group, int partition, CountDownLatch settled)
      throws Exception {
    String memberId = "";
    boolean counted = false;
    int commits = 0;
    while (true) {
      JoinResult joined = coordinator.join(new JoinRequest(group, memberId, null, "c" + partition, "/127.0.0.1",
          5_000, 5_000, "consumer", List.of(CoordinatorFixture.range("events")), true, true, null))
          .get(20, TimeUnit.SECONDS);
      if (joined.error() == GroupError.MEMBER_ID_REQUIRED) {
        memberId = joined.memberId();
        continue;
      }
      if (joined.error() != GroupError.NONE) {
        memberId = joined.error() == GroupError.UNKNOWN_MEMBER_ID ? "" : memberId;
        continue;
      }
      Map<String, byte[]> assignments = new HashMap<>();
      for (JoinResult.JoinedMember m : joined.members()) {
        assignments.put(m.memberId(), new byte[] {(byte) assignments.size()});
      }
      SyncResult synced = coordinator.sync(new SyncRequest(group, joined.generationId(), memberId, null, "consumer",
          "range", assignments)).get(20, TimeUnit.SECONDS);
      if (synced.error() != GroupError.NONE) {
        continue;
      }
      while (true) {
        Map<TopicPartition, GroupError> committed = coordinator.commitOffsets(new CommitRequest(group,
            joined.generationId(), memberId, null, Map.of(new TopicPartition("events", partition),
            new CommittedOffset(commits + 1L, -1, null)))).join();
        if (committed.containsValue(GroupError.NONE)) {
          commits++;
        }
        GroupError beat = coordinator.heartbeat(group, joined.generationId(), memberId, null);
        if (beat != GroupError.NONE) {
          break; // rejoin
        }
        GroupDescription d = coordinator.describeGroup(group);
        if (!counted && d.state() == GroupState.STABLE && d.members().size() == MEMBERS) {
          counted = true;
          settled.countDown();
        }
        if (settled.await(20, TimeUnit.MILLISECONDS)) {
          return commits;
        }
      }
    }
  }
}
