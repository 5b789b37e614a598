package io.runnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnel cluster status} against three log-servers on loopback, before and after one stops:
 * the stopped node is listed as fenced, the partitions it alone held as offline, and those it
 * replicated, internal ones included, as under-replicated.
 */
class ClusterCommandIT {
  @TempDir Path tmp;

  private static String status(String bootstrap) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute("cluster", "status", "--bootstrap-server", bootstrap)).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsNodesQuorumAndOfflinePartitions() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, tmp, Map.of("broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150", "offsets.topic.num.partitions", "3"))) {
      String bootstrap = cluster.node(1).bootstrapServers();
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      try (Admin admin = Admin.create(p)) {
        admin.createTopics(List.of(new NewTopic("orders", 6, (short) 1), new NewTopic("payments", 3, (short) 3)))
            .all().get();
        // A group lookup creates __consumer_offsets (3 partitions, 3 replicas here).
        admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get();
      }
      String before = status(bootstrap);
      assertThat(before).contains("nodes: 3 (3 live, 0 fenced)", "  node 1 at 127.0.0.1:", "  node 3 at 127.0.0.1:",
          "  voter 1", "  voter 2", "  voter 3", "under-replicated partitions: 0", "offline partitions (no leader): 0");
      assertThat(before).containsPattern("  node 2 at 127.0.0.1:\\d+ live");
      assertThat(before).containsPattern("metadata quorum: leader node [123], term \\d+");

      int stopped = 3;
      cluster.close(stopped);
      // Wait for exactly that state: on a loaded machine a live node may also miss a heartbeat for a
      // moment and be fenced until its next one, which must not pass for the stopped node's fencing.
      // Two of the six orders partitions (one replica each) were on it: offline. Every payments and
      // __consumer_offsets partition had a replica on it: under-replicated, led by the others.
      List<String> expected = List.of("nodes: 3 (2 live, 1 fenced)", "  voter " + stopped
          + " (not a live broker)", "offline partitions (no leader): 2", "  orders: partitions ",
          "(replicas on nodes [" + stopped + "])", "under-replicated partitions: 6", "  payments-0 (replicas ",
          "  payments-2 (replicas ", "  __consumer_offsets-1 (replicas ");
      long deadline = System.nanoTime() + 30_000_000_000L;
      String after = status(bootstrap);
      while (!expected.stream().allMatch(after::contains) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        after = status(bootstrap);
      }
      assertThat(after).contains(expected.toArray(String[]::new));
      assertThat(after).containsPattern("  node " + stopped + " at 127.0.0.1:\\d+ fenced");
    }
  }
}
