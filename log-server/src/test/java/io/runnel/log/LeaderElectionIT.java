package io.runnel.log;

import static io.runnel.log.SequentialWorkload.await;
import static io.runnel.log.SequentialWorkload.createInSync;
import static io.runnel.log.SequentialWorkload.describe;
import static io.runnel.log.SequentialWorkload.follower;
import static io.runnel.log.SequentialWorkload.inSync;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.EligibleLeadersNotAvailableException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader elections an operator asks for with {@code Admin.electLeaders} (what {@code
 * kafka-leader-election.sh} sends), on three log-servers in one JVM: a preferred election gives a
 * partition back to its returning first replica at once (instead of at the next periodic check), and
 * says why not when that replica is away; an unclean election brings an offline partition back on
 * an out-of-sync replica, losing (as asked) what only the dead leader had, and the old leader
 * truncates to it when it returns. Nodes stop as after a crash.
 */
class LeaderElectionIT {
  @TempDir
  Path dir;

  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;

  private void startCluster() {
    cluster = clusters.start(3, dir, Map.of(
        "broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150",
        "replica.lag.time.max.ms", "1500",
        "replica.fetch.wait.max.ms", "200",
        "controlled.shutdown.enable", "false",
        "auto.leader.rebalance.enable", "false"));
  }

  private static int leader(Admin admin, String topic, int partition) {
    TopicDescription d = describe(admin, topic);
    if (d == null || d.partitions().get(partition).leader() == null) {
      return -1;
    }
    return d.partitions().get(partition).leader().id();
  }

  private static boolean isLive(Admin admin, int node) {
    try {
      return admin.describeCluster().nodes().get().stream().anyMatch(n -> n.id() == node);
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      return false;
    }
  }

  @Test
  void aPreferredElectionGivesThePartitionBackToItsFirstReplicaOnceItIsInSync() throws Exception {
    startCluster();
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "pref", 2, 3);
      TopicPartitionInfo p0 = describe(admin, "pref").partitions().get(0);
      int preferred = p0.replicas().get(0).id();
      TopicPartition tp = new TopicPartition("pref", 0);
      assertThat(admin.electLeaders(ElectionType.PREFERRED, Set.of(tp)).partitions().get().get(tp))
          .containsInstanceOf(ElectionNotNeededException.class);

      cluster.close(preferred);
      await("another replica leads partition 0", () -> leader(admin, "pref", 0) > 0
          && leader(admin, "pref", 0) != preferred);
      Map<TopicPartition, Optional<Throwable>> away = admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
          .partitions().get();
      assertThat(away.get(tp)).containsInstanceOf(PreferredLeaderNotAvailableException.class);
      assertThat(away.get(tp).orElseThrow()).hasMessageContaining("preferred replica " + preferred);

      cluster.restart(preferred);
      await("the returning node is back in every ISR", () -> inSync(admin, "pref", 3));
      assertThat(leader(admin, "pref", 0)).as("no periodic check runs here").isNotEqualTo(preferred);
      // Every partition: the answer leaves out those led by their preferred replica already.
      Map<TopicPartition, Optional<Throwable>> all = admin.electLeaders(ElectionType.PREFERRED, null)
          .partitions().get();
      assertThat(all).containsEntry(tp, Optional.empty());
      for (Map.Entry<TopicPartition, Optional<Throwable>> e : all.entrySet()) {
        assertThat(e.getValue()).as(e.getKey().toString()).isEmpty();
      }
      assertThat(leader(admin, "pref", 0)).isEqualTo(preferred);
    }
  }

  @Test
  void anUncleanElectionBringsAnOfflinePartitionBackOnAnOutOfSyncReplica() throws Exception {
    startCluster();
    try (Admin admin = clusters.admin()) {
      createInSync(admin, "risky", 1, 2);
      TopicPartitionInfo info = describe(admin, "risky").partitions().get(0);
      int first = info.leader().id();
      int second = follower(info);
      produce("both");
      cluster.close(second);
      await("the ISR shrinks to the leader", () -> {
        TopicDescription d = describe(admin, "risky");
        return d != null && d.partitions().get(0).isr().size() == 1;
      });
      produce("only-on-the-leader");
      cluster.close(first);
      cluster.restart(second); // with the third node, a majority of the quorum again
      await("the partition goes offline once its leader is fenced", () -> leader(admin, "risky", 0) == -1);
      await("the returning replica is live", () -> isLive(admin, second));
      assertThat(leader(admin, "risky", 0)).as("clean elections only: it is not in the ISR").isEqualTo(-1);

      TopicPartition tp = new TopicPartition("risky", 0);
      assertThat(admin.electLeaders(ElectionType.UNCLEAN, Set.of(tp)).partitions().get()).containsEntry(tp,
          Optional.empty());
      await("the out-of-sync replica leads", () -> leader(admin, "risky", 0) == second);
      assertThat(read(1)).containsExactly("both");
      produce("after");

      // Back, the old leader truncates what only it had and follows.
      cluster.restart(first);
      await("the old leader rejoins the ISR", () -> inSync(admin, "risky", 2));
      assertThat(read(2)).containsExactly("both", "after");
      assertThat(ReplicaBatches.values(cluster.node(first).broker().partition("risky", 0).orElseThrow().log()))
          .containsExactly("both", "after");

      // A partition with a leader does not need one; with no live replica nobody can lead it.
      assertThat(admin.electLeaders(ElectionType.UNCLEAN, Set.of(tp)).partitions().get().get(tp))
          .containsInstanceOf(ElectionNotNeededException.class);
      admin.createTopics(List.of(new NewTopic("lonely", 1, (short) 1))).all().get();
      int lonelyNode = describe(admin, "lonely").partitions().get(0).leader().id();
      cluster.close(lonelyNode);
      await("the lonely partition goes offline", () -> leader(admin, "lonely", 0) == -1);
      TopicPartition lonely = new TopicPartition("lonely", 0);
      assertThat(admin.electLeaders(ElectionType.UNCLEAN, Set.of(lonely)).partitions().get().get(lonely))
          .containsInstanceOf(EligibleLeadersNotAvailableException.class);
    }
  }

  private void produce(String value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>("risky", 0, null, value)).get();
    }
  }

  private List<String> read(int count) {
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    TopicPartition tp = new TopicPartition("risky", 0);
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.currentTimeMillis() + 15_000;
      while (seen.size() < count && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
      }
      consumer.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
    }
    return seen;
  }
}
