package io.runnel.log;

import static io.runnel.log.SequentialWorkload.await;
import static io.runnel.log.SequentialWorkload.createInSync;
import static io.runnel.log.SequentialWorkload.describe;
import static io.runnel.log.SequentialWorkload.inSync;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's controlled shutdown on three log-servers in one JVM, seen through unmodified
 * kafka-clients: a partition leader's node is closed cleanly while an idempotent acks=all producer
 * writes; when {@code close} returns, the metadata already names other leaders and the ISRs no longer
 * hold the node. The session timeout and the replica lag bound are 30 s, so nothing but the handover
 * can explain that. The producer goes on with the remaining in-sync replicas, every acknowledged value
 * is read exactly once and in order, and the restarted node catches up and rejoins every ISR.
 */
class ControlledShutdownIT {
  private static final String TOPIC = "handover";
  private static final int PARTITIONS = 3;

  @TempDir
  Path dir;

  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;

  @Test
  void aCleanStopHandsLeadershipOverAndTheProducerGoesOn() throws Exception {
    cluster = clusters.start(3, dir, Map.of(
        "broker.session.timeout.ms", "30000",
        "broker.heartbeat.interval.ms", "150",
        "replica.lag.time.max.ms", "30000",
        "replica.fetch.wait.max.ms", "200"));
    try (Admin admin = clusters.admin()) {
      createInSync(admin, TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
      TopicDescription before = describe(admin, TOPIC);
      int victim = before.partitions().get(0).leader().id();
      List<Integer> led = before.partitions().stream().filter(p -> p.leader().id() == victim)
          .map(TopicPartitionInfo::partition).toList();

      SequentialWorkload workload = SequentialWorkload.start(cluster.bootstrapServers(), TOPIC, PARTITIONS);
      await("some values are acknowledged", () -> workload.acknowledged(0) > 200);

      long closing = System.nanoTime();
      cluster.close(victim);
      long closeMs = Duration.ofNanos(System.nanoTime() - closing).toMillis();
      int[] ackedAtClose = new int[PARTITIONS];
      for (int p = 0; p < PARTITIONS; p++) {
        ackedAtClose[p] = workload.acknowledged(p);
      }
      // Metadata reaches the other nodes asynchronously (as in Kafka): wait until they have applied what
      // the quorum has committed. A condition, not a time; it cannot fence the node (30 s session).
      for (int id = 1; id <= 3; id++) {
        if (id != victim) {
          cluster.node(id).broker().quorum().awaitCaughtUp();
        }
      }
      TopicDescription after = describe(admin, TOPIC);
      assertThat(after.partitions()).allSatisfy(p -> {
        assertThat(p.leader()).as("leader of partition %d", p.partition()).isNotNull();
        assertThat(p.leader().id()).as("leader of partition %d", p.partition()).isNotEqualTo(victim);
        assertThat(p.isr()).extracting(Node::id).as("ISR of partition %d", p.partition())
            .doesNotContain(victim).hasSize(2);
      });
      for (int p : led) {
        assertThat(after.partitions().get(p).leader().id()).as("partition %d moved to an in-sync replica", p)
            .isIn(before.partitions().get(p).isr().stream().map(Node::id).toList());
      }
      Set<Integer> listed = admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
      assertThat(listed).doesNotContain(victim);

      await("values are acknowledged by the new leaders", () ->
          led.stream().allMatch(p -> workload.acknowledged(p) > ackedAtClose[p] + 200));
      cluster.restart(victim);
      await("the restarted node is back in every ISR", () -> inSync(admin, TOPIC, 3));
      int again = workload.acknowledged(0);
      await("more values are acknowledged", () -> workload.acknowledged(0) > again + 100);
      workload.stopAndCheck();
      // For the record (not asserted): how long the victim's partitions went without an acknowledgement.
      for (int p : led) {
        System.out.printf("controlled shutdown of node %d took %d ms; partition %d's longest gap between"
            + " acknowledgements: %d ms%n", victim, closeMs, p, workload.longestGapMs(p));
      }
    }
  }

  /**
   * Two nodes, and the other node's member of the metadata quorum stopped: no majority can apply the
   * handover, so a clean stop gives up after {@code controlled.shutdown.timeout.ms} and stops anyway
   * (the hang guard below is far above that bound).
   */
  @Test
  @Timeout(60)
  void withoutAQuorumACleanStopStopsAnyway() throws Exception {
    cluster = clusters.start(2, dir, Map.of(
        "broker.session.timeout.ms", "30000",
        "broker.heartbeat.interval.ms", "150",
        "controlled.shutdown.timeout.ms", "500"));
    try (Admin admin = clusters.admin()) {
      createInSync(admin, TOPIC, 2, 2);
    }
    cluster.node(2).broker().quorum().close();
    LogServer first = cluster.node(1);
    cluster.close(1);
    assertThat(first.broker().metadata().broker(1).orElseThrow().fenced())
        .as("node 1 never applied a fence of itself").isFalse();
  }
}
