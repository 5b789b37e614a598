package io.runnel.log;

import static io.runnel.log.SequentialWorkload.await;
import static io.runnel.log.SequentialWorkload.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.cluster.MetadataCommand;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.server.Broker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that lost a partition's leadership without having applied that change yet (as after a
 * pause) must not tell an idempotent producer that its sequence has a gap: the producer would start
 * a new epoch and send its unacknowledged batches again, and the real leader, which may have them,
 * would write them twice (what a 10-minute chaos run caught). Three log-servers in one JVM; the old
 * leader's metadata is held back by blocking its apply thread; requests are raw so that they go to
 * the chosen node with the chosen sequence.
 */
class StaleLeaderIT {
  private static final String TOPIC = "stale";
  private static final long PRODUCER_ID = 4242;

  @TempDir
  Path dir;

  @RegisterExtension
  final LocalClusters clusters = new LocalClusters();
  private LocalCluster cluster;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void release() {
    release.countDown(); // before the extension closes the nodes: the held-back apply thread must go on
  }

  @Test
  void aSequenceGapIsReportedOnlyByTheCurrentLeader() throws Exception {
    cluster = clusters.start(3, dir, Map.of(
        "broker.session.timeout.ms", "3000",
        "broker.heartbeat.interval.ms", "150",
        "replica.fetch.wait.max.ms", "200"));
    try (Admin admin = clusters.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
          .all().get();
      await("every partition has 3 in-sync replicas", () -> {
        TopicDescription d = describe(admin, TOPIC);
        return d != null && d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == 3);
      });
      // A partition led by a node that does not lead the metadata quorum: blocking that node's apply
      // thread must not stop the quorum from committing the change that takes its leadership away.
      int quorumLeader = cluster.node(1).broker().quorum().quorumLeader().orElseThrow();
      TopicPartitionInfo info = describe(admin, TOPIC).partitions().stream()
          .filter(p -> p.leader().id() != quorumLeader).findFirst().orElseThrow();
      int partition = info.partition();
      int oldLeader = info.leader().id();
      Broker stale = cluster.node(oldLeader).broker();

      try (RawConnection toOld = new RawConnection(cluster.node(oldLeader).port())) {
        assertThat(produce(toOld, partition, 0).errorCode()).isEqualTo(Errors.NONE.code());
        ProduceResponseData.PartitionProduceResponse gap = produce(toOld, partition, 5);
        assertThat(Errors.forCode(gap.errorCode())).as("a gap at the current leader").isEqualTo(
            Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

        // Hold back the old leader's metadata: the next image it applies blocks its apply thread.
        AtomicBoolean holding = new AtomicBoolean(true);
        CountDownLatch held = new CountDownLatch(1);
        stale.addMetadataListener(image -> {
          if (holding.getAndSet(false)) {
            held.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
        int submitter = oldLeader == 1 ? 2 : 1;
        cluster.node(submitter).broker().quorum().submit(new MetadataCommand.AllocateProducerIds(0, 1)).orThrow();
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        // The quorum fences the old leader: another in-sync replica leads in a new epoch, and takes
        // the producer's next batch, which the old leader never sees.
        cluster.node(submitter).broker().quorum().submit(new MetadataCommand.FenceBroker(oldLeader)).orThrow();
        // Asked of the node that submitted the fence (it has applied it): Admin might ask the held-back node.
        PartitionState moved = cluster.node(submitter).broker().metadata().partition(TOPIC, partition).orElseThrow();
        assertThat(moved.leader()).isNotEqualTo(oldLeader).isNotNegative();
        int newLeader = moved.leader();
        await("node " + newLeader + " leads partition " + partition, () ->
            cluster.node(newLeader).broker().partition(TOPIC, partition).orElseThrow().isLeader());
        try (RawConnection toNew = new RawConnection(cluster.node(newLeader).port())) {
          ProduceResponseData.PartitionProduceResponse taken = produce(toNew, partition, 1);
          assertThat(Errors.forCode(taken.errorCode())).isEqualTo(Errors.NONE);
          assertThat(taken.baseOffset()).isEqualTo(1);

          // The old leader still believes it leads, and lacks sequence 1: to it, 2 is a gap.
          assertThat(stale.partition(TOPIC, partition).orElseThrow().isLeader())
              .as("the old leader has not heard of the change").isTrue();
          ProduceResponseData.PartitionProduceResponse fromStale = produce(toOld, partition, 2);
          assertThat(Errors.forCode(fromStale.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
          assertThat(fromStale.errorMessage()).contains("could not confirm", "still leads");

          // The producer refreshes its metadata and sends the batch to the new leader: no gap there.
          ProduceResponseData.PartitionProduceResponse next = produce(toNew, partition, 2);
          assertThat(Errors.forCode(next.errorCode())).isEqualTo(Errors.NONE);
          assertThat(next.baseOffset()).isEqualTo(2);
        }
      }
    }
  }

  /** One idempotent batch of one record with sequence {@code sequence}, acks=all. */
  private static ProduceResponseData.PartitionProduceResponse produce(RawConnection connection, int partition,
      int sequence) throws Exception {
    MemoryRecords records = MemoryRecords.withIdempotentRecords(Compression.NONE, PRODUCER_ID, (short) 0, sequence,
        new SimpleRecord(("value-" + sequence).getBytes()));
    ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
    topics.add(new ProduceRequestData.TopicProduceData().setName(TOPIC).setPartitionData(List.of(
        new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records))));
    ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(4000).setTopicData(topics);
    connection.send(RawConnection.frame(ApiKeys.PRODUCE, (short) 9, request, sequence + 1));
    ProduceResponseData response = RawConnection.body(connection.receive(), (short) 1,
        a -> new ProduceResponseData(a, (short) 9));
    return response.responses().iterator().next().partitionResponses().get(0);
  }
}
