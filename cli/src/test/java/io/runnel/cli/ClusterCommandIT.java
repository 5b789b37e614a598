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
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runnel cluster elect-leaders} and {@code runnel cluster status} against three log-servers
 * on loopback, before and after one stops:
 * the stopped node is listed as fenced, the partitions it alone held as offline, and those it
 * replicated, internal ones included, as under-replicated.
 */
class ClusterCommandIT {
  @TempDir Path tmp;

  private static String status(String bootstrap) {
    Map.Entry<Integer, String> status = run("cluster", "status", "--bootstrap-server", bootstrap);
    assertThat(status.getKey()).isZero();
    return status.getValue();
  }

  /** Runs {@code runnel args...}; returns its exit code and what it printed, both streams. */
  private static Map.Entry<Integer, String> run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int code = Main.execute(args);
      return Map.entry(code, printed.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void electLeadersGivesPartitionsBackToTheirPreferredReplicas() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, tmp, Map.of("broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150", "replica.lag.time.max.ms", "1500", "auto.leader.rebalance.enable",
        "false", "controlled.shutdown.enable", "false"))) {
      Properties p = new Properties();
      p.put("bootstrap.servers", cluster.node(1).bootstrapServers());
      try (Admin admin = Admin.create(p)) {
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3))).all().get();
        int preferred = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions()
            .get(0).replicas().get(0).id();
        int asked = preferred == 1 ? 2 : 1;
        String bootstrap = cluster.node(asked).bootstrapServers();
        cluster.close(preferred);
        await(() -> leader(admin, 0) != preferred && leader(admin, 0) > 0);
        Map.Entry<Integer, String> away = run("cluster", "elect-leaders", "--topic", "orders", "--partition", "0",
            "--bootstrap-server", bootstrap);
        assertThat(away.getKey()).isEqualTo(1);
        assertThat(away.getValue()).contains("no preferred leader elected", "not elected: orders-0: ",
            "preferred replica " + preferred);

        cluster.restart(preferred);
        await(() -> admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions()
            .stream().allMatch(i -> i.isr().size() == 3));
        Map.Entry<Integer, String> elected = run("cluster", "elect-leaders", "--topic", "orders", "--bootstrap-server",
            bootstrap);
        assertThat(elected.getKey()).isZero();
        assertThat(elected.getValue()).contains("preferred leader elected for 1 partition(s): orders-0",
            "already led as asked: orders-1, orders-2");
        assertThat(leader(admin, 0)).isEqualTo(preferred);

        Map.Entry<Integer, String> again = run("cluster", "elect-leaders", "--bootstrap-server", bootstrap);
        assertThat(again.getKey()).isZero();
        assertThat(again.getValue()).contains("no preferred leader elected");
        Map.Entry<Integer, String> bad = run("cluster", "elect-leaders", "--type", "dirty", "--bootstrap-server",
            bootstrap);
        assertThat(bad.getKey()).as("a usage error").isEqualTo(2);
        assertThat(bad.getValue()).contains("--type must be preferred or unclean, not 'dirty'");
      }
    }
  }

  private static int leader(Admin admin, int partition) throws Exception {
    var info = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions()
        .get(partition);
    return info.leader() == null ? -1 : info.leader().id();
  }

  /** Waits up to 30 s for {@code condition}, which may throw while nodes come and go (it is asked again). */
  private static void await(Callable<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.call()) {
          return;
        }
      } catch (Exception e) {
        // asked again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after 30 s");
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
