package io.runnel.log.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.cluster.MetadataCommand;
import io.runnel.log.cluster.PartitionState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * auto.leader.rebalance.enable on a real broker and its one-node quorum: a partition led by another
 * replica while its preferred replica is live and in sync is given back to the preferred one by the
 * periodic check, with a new leader epoch. A second broker is registered by hand (no heartbeats are
 * checked without a listener), the topic is created through the quorum with two replicas, and the
 * returning replica is put back in the ISR by hand (no follower fetches here).
 */
class PreferredLeaderElectionTest {
  @TempDir
  Path dir;

  @Test
  void thePeriodicCheckGivesLeadershipBackToThePreferredReplica() throws Exception {
    try (Broker broker = Broker.open(ServerConfig.of(Map.of("log.dirs", dir.toString(),
        "leader.imbalance.check.interval.seconds", "1")), InstantSource.system())) {
      var quorum = broker.quorum();
      quorum.submit(new MetadataCommand.RegisterBroker(1, "127.0.0.1", 9092)).orThrow();
      quorum.submit(new MetadataCommand.RegisterBroker(2, "127.0.0.1", 9093)).orThrow();
      quorum.submit(new MetadataCommand.CreateTopic("t", UUID.randomUUID(), 1, (short) 2, -1, Map.of())).orThrow();
      PartitionState created = broker.metadata().partition("t", 0).orElseThrow();
      int preferred = created.replicas().get(0);
      int follower = created.replicas().get(1);
      // The preferred leader goes away and the follower takes over; the preferred one returns and,
      // once the new leader has it back in the ISR, is live and in sync but does not lead.
      quorum.submit(new MetadataCommand.FenceBroker(preferred)).orThrow();
      PartitionState failedOver = broker.metadata().partition("t", 0).orElseThrow();
      assertThat(failedOver.leader()).isEqualTo(follower);
      quorum.submit(new MetadataCommand.RegisterBroker(preferred, "127.0.0.1", 9100 + preferred)).orThrow();
      quorum.submit(new MetadataCommand.AlterIsr("t", 0, follower, failedOver.leaderEpoch(),
          List.of(follower, preferred))).orThrow();
      PartitionState misled = broker.metadata().partition("t", 0).orElseThrow();
      assertThat(misled.leader()).isEqualTo(follower);

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (broker.metadata().partition("t", 0).orElseThrow().leader() != preferred
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      PartitionState back = broker.metadata().partition("t", 0).orElseThrow();
      assertThat(back.leader()).isEqualTo(preferred);
      assertThat(back.leaderEpoch()).isEqualTo(misled.leaderEpoch() + 1);
      assertThat(broker.metadata().preferredLeaderImbalance()).isZero();
    }
  }
}
