package io.runnel.log;

import static io.runnel.log.SequentialWorkload.await;
import static io.runnel.log.SequentialWorkload.createInSync;
import static io.runnel.log.SequentialWorkload.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.server.Partition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What three log-servers in one JVM remember across restarts, besides their records: the high
 * watermark (a restarted leader serves what was committed at once, not only after every in-sync
 * replica has fetched from it again) and the topic id of each partition directory (a node that was
 * down while a topic was deleted and created again under the same name does not keep the old
 * topic's records as the new one's). Nodes stop as after a crash (no controlled shutdown), and a
 * stopped node stays registered, and in the ISRs, for the 30 s session timeout.
 */
class ClusterRestartIT {
  @TempDir
  Path dir;

  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;

  private void startCluster() {
    cluster = clusters.start(3, dir, Map.of(
        "broker.session.timeout.ms", "30000",
        "broker.heartbeat.interval.ms", "150",
        "replica.lag.time.max.ms", "600000",
        "replica.fetch.wait.max.ms", "200",
        "controlled.shutdown.enable", "false",
        "auto.leader.rebalance.enable", "false"));
  }

  private void produce(String topic, String acks, String... values) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, acks);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, 0, null, v)).get();
      }
    }
  }

  private static String[] values(String prefix, int count) {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = prefix + i;
    }
    return out;
  }

  private boolean highWatermarkEverywhere(String topic, long hw) {
    for (int id = 1; id <= 3; id++) {
      Partition p = cluster.node(id).broker().partition(topic, 0).orElse(null);
      if (p == null || p.highWatermark() != hw) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aRestartedLeaderServesWhatWasCommittedBeforeItsFollowersFetchAgain() throws Exception {
    startCluster();
    int leader;
    int absent;
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "kept", 1, 3);
      leader = describe(admin, "kept").partitions().get(0).leader().id();
      absent = leader == 3 ? 2 : 3;
    }
    produce("kept", "all", values("v", 10));
    await("every replica knows the high watermark 10", () -> highWatermarkEverywhere("kept", 10));
    cluster.close();

    // The follower that stays down is still in the ISR (its session has not timed out), so the
    // leader cannot move the high watermark until it has fetched: only the checkpoint tells it.
    restartAll(leader, 6 - leader - absent);
    assertThat(cluster.node(leader).broker().partition("kept", 0).orElseThrow().state().isr()).contains(absent);
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    TopicPartition tp = new TopicPartition("kept", 0);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
        new StringDeserializer())) {
      assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 10L);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<String> seen = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 10_000;
      while (seen.size() < 10 && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
      }
      assertThat(seen).containsExactly(values("v", 10));
    }
    assertThat(cluster.node(leader).broker().partition("kept", 0).orElseThrow().state().isr())
        .as("all of this within the absent node's session").contains(absent);
  }

  @Test
  void aNodeBehindThePurgedMetadataLogCatchesUpFromTheLeadersLatestSnapshot() throws Exception {
    startCluster();
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "meta", 1, 3);
    }
    // Every node restarts on a snapshot of its own, which Ratis' storage then holds as its latest.
    for (int id = 1; id <= 3; id++) {
      assertThat(cluster.node(id).broker().quorum().takeSnapshot()).isPositive();
    }
    cluster.close();
    restartAll(1, 2, 3);
    cluster.close(3);

    // Far more metadata entries than a snapshot interval and the purge gap while node 3 is away:
    // the others snapshot and purge their Raft logs past everything node 3 has.
    var tp = new io.runnel.log.storage.TopicPartition("meta", 0);
    List<CompletableFuture<Boolean>> confirms = new ArrayList<>();
    for (int i = 0; i < 2_600; i++) {
      confirms.add(cluster.node(1).broker().confirmLeadership(tp, 0));
    }
    confirms.forEach(CompletableFuture::join);
    long snapshot = cluster.node(1).broker().quorum().takeSnapshot();
    cluster.node(2).broker().quorum().takeSnapshot();
    assertThat(snapshot).isGreaterThan(2_600);

    // Node 3 can only catch up from a snapshot at least that recent (it fails to start otherwise).
    LogServer back = cluster.restart(3);
    assertThat(back.broker().metadata().topic("meta")).isPresent();
    assertThat(back.broker().quorum().appliedIndex()).isGreaterThanOrEqualTo(snapshot);
  }

  /** Restarts the given stopped nodes at once (each waits for a majority of the quorum). */
  private void restartAll(int... ids) {
    List<CompletableFuture<LogServer>> restarts = new ArrayList<>();
    for (int id : ids) {
      restarts.add(CompletableFuture.supplyAsync(() -> cluster.restart(id)));
    }
    restarts.forEach(CompletableFuture::join);
  }

  @Test
  void aNodeDownWhileItsTopicWasCreatedAgainDropsTheOldTopicsRecords() throws Exception {
    startCluster();
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "reborn", 1, 3);
      produce("reborn", "all", values("old-", 5));
      await("every replica has the old records", () -> highWatermarkEverywhere("reborn", 5));
      int leader = describe(admin, "reborn").partitions().get(0).leader().id();
      int away = leader == 3 ? 2 : 3;
      UUID oldId = cluster.node(away).broker().partition("reborn", 0).orElseThrow().log().topicId().orElseThrow();
      cluster.close(away);

      admin.deleteTopics(List.of("reborn")).all().get();
      await("the topic is gone", () -> describe(admin, "reborn") == null);
      // Still registered (its session has not timed out), the node away gets a replica of the new topic.
      admin.createTopics(List.of(new NewTopic("reborn", 1, (short) 3))).all().get();
      await("the new topic has a leader", () -> {
        TopicDescription d = describe(admin, "reborn");
        return d != null && d.partitions().get(0).leader() != null;
      });
      produce("reborn", "1", values("new-", 2));

      cluster.restart(away);
      await("the returning node has the new topic's records", () -> {
        Partition p = cluster.node(away).broker().partition("reborn", 0).orElse(null);
        return p != null && p.log().logEndOffset() == 2 && p.highWatermark() == 2;
      });
      Partition returned = cluster.node(away).broker().partition("reborn", 0).orElseThrow();
      assertThat(ReplicaBatches.values(returned.log())).containsExactly("new-0", "new-1");
      assertThat(returned.log().topicId()).isPresent().isNotEqualTo(Optional.of(oldId));
      int newLeader = describe(admin, "reborn").partitions().get(0).leader().id();
      List<byte[]> reference = ReplicaBatches.of(cluster.node(newLeader).broker().partition("reborn", 0)
          .orElseThrow().log());
      List<byte[]> copy = ReplicaBatches.of(returned.log());
      assertThat(copy).hasSameSizeAs(reference);
      for (int b = 0; b < reference.size(); b++) {
        assertThat(copy.get(b)).as("batch %d", b).isEqualTo(reference.get(b));
      }
    }
  }
}
