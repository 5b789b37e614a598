package io.runnel.log.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LocalCluster;
import io.runnel.log.cluster.MetadataImage;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISR changes on three nodes in one JVM: a node whose metadata apply is held up still gets the ISR
 * changes of all its partitions through the quorum, not one per 15 s. Found by the chaos harness
 * (seed 1): node 1's shrink of chaos-2 waited 19 s behind its shrink of chaos-5, whose metadata log
 * entry node 1 never applied; the changes went through one thread and each waited to be applied on
 * node 1 itself. Here a metadata listener (it runs on the apply thread) holds node X's apply once
 * the first change arrives; the second partition's change must reach the quorum meanwhile.
 */
class IsrChangesIT {
  @TempDir
  Path dir;

  @Test
  void aNodeWhoseApplyIsHeldStillChangesTheIsrOfEachPartition() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, dir, Map.of(
        "broker.session.timeout.ms", "30000", // the held node keeps its session: heartbeats do not apply
        "auto.leader.rebalance.enable", "false"))) {
      cluster.node(1).broker().createTopic("t", 6, (short) 3, Map.of());
      Broker held = null;
      Broker other = null;
      for (int id = 1; id <= 3; id++) {
        Broker b = cluster.node(id).broker();
        if (b.quorum().isQuorumLeader()) {
          other = b; // its apply answers the held node's requests: keep it running
        } else if (held == null) {
          held = b;
        }
      }
      assertThat(held).isNotNull();
      assertThat(other).isNotNull();
      Broker x = held;
      await(() -> x.metadata().partitions("t").stream().filter(s -> s.leader() == x.nodeId()).count() >= 2);
      List<Integer> led = new ArrayList<>();
      List<PartitionState> states = x.metadata().partitions("t");
      for (int p = 0; p < states.size(); p++) {
        if (states.get(p).leader() == x.nodeId()) {
          led.add(p);
        }
      }
      int a = led.get(0);
      int b = led.get(1);
      PartitionState sa = states.get(a);
      PartitionState sb = states.get(b);
      assertThat(sa.isr()).hasSize(3);
      assertThat(sb.isr()).hasSize(3);

      CountDownLatch applyingA = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      x.addMetadataListener(image -> {
        if (isrOf(image, a).size() == 2 && applyingA.getCount() > 0) {
          applyingA.countDown();
          try {
            release.await(60, TimeUnit.SECONDS); // the apply thread, stuck as node 1's was
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      try {
        x.requestIsr(new TopicPartition("t", a), x.nodeId(), sa.leaderEpoch(), sa.isr().subList(0, 2));
        assertThat(applyingA.await(20, TimeUnit.SECONDS)).as("the first change reaches the held apply thread")
            .isTrue();
        x.requestIsr(new TopicPartition("t", b), x.nodeId(), sb.leaderEpoch(), sb.isr().subList(0, 2));

        // Below the 15 s a change used to wait for its own apply on the held node before the next
        // one was sent: the old code cannot meet this while the apply is held.
        Broker quorumLeader = other;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (isrOf(quorumLeader.metadata(), b).size() != 2 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(isrOf(quorumLeader.metadata(), b)).as("the second partition's ISR change, applied by the"
            + " quorum while node " + x.nodeId() + "'s apply is held").isEqualTo(sb.isr().subList(0, 2));
        assertThat(isrOf(x.metadata(), b)).as("not applied on the held node yet").hasSize(3);
      } finally {
        release.countDown();
      }
      await(() -> isrOf(x.metadata(), b).size() != 3);
    }
  }

  private static List<Integer> isrOf(MetadataImage image, int partition) {
    return image.partition("t", partition).orElseThrow().isr();
  }

  /** Waits for a condition the cluster reaches by itself, failing after 20 s. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition reached within 20 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
