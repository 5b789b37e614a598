package io.runnel.log.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.log.cluster.MetadataCommand.AddPartitions;
import io.runnel.log.cluster.MetadataCommand.AllocateProducerIds;
import io.runnel.log.cluster.MetadataCommand.AlterIsr;
import io.runnel.log.cluster.MetadataCommand.CreateTopic;
import io.runnel.log.cluster.MetadataCommand.DeleteTopic;
import io.runnel.log.cluster.MetadataCommand.ElectPreferredLeaders;
import io.runnel.log.cluster.MetadataCommand.FenceBroker;
import io.runnel.log.cluster.MetadataCommand.InitCluster;
import io.runnel.log.cluster.MetadataCommand.RegisterBroker;
import io.runnel.log.cluster.MetadataCommand.SetConfigs;
import io.runnel.log.server.MetadataException;
import io.runnel.log.storage.InvalidConfigException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataImageTest {
  private MetadataImage image = MetadataImage.EMPTY;

  private CommandResult apply(MetadataCommand command) {
    // Every command goes through its log encoding, as on a replica.
    MetadataImage.Applied applied = image.apply(MetadataCommand.decode(command.encode()));
    image = applied.image();
    return applied.result();
  }

  private List<Integer> leaders(String topic) {
    return image.partitions(topic).stream().map(PartitionState::leader).toList();
  }

  /** Registers brokers 1, 2 and 3 (h1:9001, h2:9002, h3:9003). */
  private void registerThreeBrokers() {
    for (int node = 1; node <= 3; node++) {
      apply(new RegisterBroker(node, "h" + node, 9000 + node));
    }
  }

  /** Creates a topic with replicas placed by the image (no preferred node, no configs). */
  private CommandResult createTopic(String name, int partitions, int replicationFactor) {
    return apply(new CreateTopic(name, UUID.randomUUID(), partitions, (short) replicationFactor, -1, Map.of()));
  }

  @Test
  void replicasGoToDistinctLiveBrokersAndTooManyAreRefusedNamingTheCounts() {
    registerThreeBrokers();
    assertThat(createTopic("r3", 4, 3).succeeded()).isTrue();
    for (PartitionState s : image.partitions("r3")) {
      assertThat(s.replicas()).containsExactlyInAnyOrder(1, 2, 3);
      assertThat(s.isr()).isEqualTo(s.replicas());
      assertThat(s.leader()).isEqualTo(s.replicas().get(0));
    }
    apply(new FenceBroker(3));
    CommandResult refused = createTopic("r3b", 1, 3);
    assertThat(refused.refusal()).isEqualTo(MetadataException.Reason.INVALID_REPLICATION_FACTOR);
    assertThat(refused.message()).contains("replication factor 3 needs 3 live brokers and this cluster has 2");
    assertThat(image.topic("r3b")).isEmpty();
  }

  @Test
  void aLeaderChangesTheIsrOnlyInItsOwnEpochAndOnlyWithinTheReplicas() {
    registerThreeBrokers();
    createTopic("t", 1, 3);
    PartitionState s = image.partition("t", 0).orElseThrow();
    int leader = s.leader();
    List<Integer> followers = s.replicas().stream().filter(r -> r != leader).toList();
    assertThat(image.underReplicatedPartitions()).isEmpty();

    assertThat(apply(new AlterIsr("t", 0, leader, s.leaderEpoch(), List.of(leader, followers.get(0)))).succeeded())
        .isTrue();
    PartitionState shrunk = image.partition("t", 0).orElseThrow();
    assertThat(shrunk.isr()).containsExactly(leader, followers.get(0));
    assertThat(shrunk.leaderEpoch()).isEqualTo(s.leaderEpoch());
    assertThat(image.underReplicatedPartitions()).extracting(MetadataImage.PartitionEntry::topic).containsExactly("t");

    // A stale leader epoch, another node, an ISR without the leader or with a stranger: refused, image unchanged.
    for (AlterIsr bad : List.of(new AlterIsr("t", 0, leader, s.leaderEpoch() - 1, s.replicas()),
        new AlterIsr("t", 0, followers.get(0), s.leaderEpoch(), s.replicas()),
        new AlterIsr("t", 0, leader, s.leaderEpoch(), followers),
        new AlterIsr("t", 0, leader, s.leaderEpoch(), List.of(leader, 9)))) {
      MetadataImage before = image;
      assertThat(apply(bad).refusal()).as(bad.toString()).isEqualTo(MetadataException.Reason.STALE_PARTITION_STATE);
      assertThat(image).isSameAs(before);
    }
    assertThat(apply(new AlterIsr("t", 0, leader, s.leaderEpoch(), s.replicas())).succeeded()).isTrue();
    assertThat(image.underReplicatedPartitions()).isEmpty();
  }

  @Test
  void onlyTheCurrentLeaderInItsEpochIsConfirmedAndConfirmingChangesNothing() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    createTopic("t", 1, 2);
    PartitionState s = image.partition("t", 0).orElseThrow();
    int leader = s.leader();
    MetadataImage before = image;
    assertThat(apply(new MetadataCommand.ConfirmLeader("t", 0, leader, s.leaderEpoch())).succeeded()).isTrue();
    assertThat(image).isSameAs(before);

    apply(new FenceBroker(leader));
    PartitionState after = image.partition("t", 0).orElseThrow();
    assertThat(after.leader()).isNotEqualTo(leader);
    before = image;
    CommandResult stale = apply(new MetadataCommand.ConfirmLeader("t", 0, leader, s.leaderEpoch()));
    assertThat(stale.refusal()).isEqualTo(MetadataException.Reason.STALE_PARTITION_STATE);
    assertThat(stale.message()).contains("is led by node " + after.leader() + " in epoch " + after.leaderEpoch());
    assertThat(image).isSameAs(before);
    assertThat(apply(new MetadataCommand.ConfirmLeader("gone", 0, leader, 0)).refusal())
        .isEqualTo(MetadataException.Reason.UNKNOWN_TOPIC);
  }

  @Test
  void aFencedFollowerLeavesTheIsrAndTheLeaderStays() {
    registerThreeBrokers();
    createTopic("t", 3, 3);
    apply(new FenceBroker(2));
    for (PartitionState s : image.partitions("t")) {
      assertThat(s.isr()).doesNotContain(2).hasSize(2);
      assertThat(s.leader()).isNotEqualTo(2);
    }
    // Back, it is a follower outside the ISR until its leader adds it.
    apply(new RegisterBroker(2, "h2", 9002));
    assertThat(image.partitions("t")).allSatisfy(s -> assertThat(s.isr()).doesNotContain(2));
  }

  /**
   * A clean stop (Kafka's controlled shutdown) fences the stopping node: every partition it led is
   * led by another in-sync replica in a new epoch, it leaves every ISR it is not the last member of,
   * and until it registers again no leader may add it back, although it may still fetch.
   */
  @Test
  void aControlledShutdownMovesLeadershipsAndTheNodeRejoinsIsrsOnlyAfterRegisteringAgain() {
    registerThreeBrokers();
    createTopic("t", 3, 3);
    int node = image.partition("t", 0).orElseThrow().leader();
    apply(new CreateTopic("alone", UUID.randomUUID(), 1, (short) 1, node, Map.of()));
    MetadataImage before = image;

    assertThat(apply(new FenceBroker(node)).succeeded()).isTrue();
    assertThat(image.liveBrokers()).extracting(BrokerRegistration::nodeId).doesNotContain(node).hasSize(2);
    for (int p = 0; p < 3; p++) {
      PartitionState was = before.partition("t", p).orElseThrow();
      PartitionState now = image.partition("t", p).orElseThrow();
      assertThat(now.isr()).as("partition %d", p).doesNotContain(node).hasSize(2);
      if (was.leader() == node) {
        assertThat(now.leader()).as("partition %d", p).isNotEqualTo(node).isIn(was.isr());
        assertThat(now.leaderEpoch()).as("partition %d", p).isEqualTo(was.leaderEpoch() + 1);
      } else {
        assertThat(now.leader()).as("partition %d", p).isEqualTo(was.leader());
        assertThat(now.leaderEpoch()).as("partition %d", p).isEqualTo(was.leaderEpoch());
      }
    }
    // Its only copy: no leader (clean election only), and the ISR keeps the node for its return.
    PartitionState alone = image.partition("alone", 0).orElseThrow();
    assertThat(alone.hasLeader()).isFalse();
    assertThat(alone.isr()).containsExactly(node);

    // Still fetching on its way down, it catches up: its new leader may not add it back.
    PartitionState s = image.partition("t", 0).orElseThrow();
    List<Integer> withNode = new ArrayList<>(s.isr());
    withNode.add(node);
    MetadataImage fenced = image;
    CommandResult refused = apply(new AlterIsr("t", 0, s.leader(), s.leaderEpoch(), withNode));
    assertThat(refused.refusal()).isEqualTo(MetadataException.Reason.INELIGIBLE_REPLICA);
    assertThat(refused.message()).contains("node " + node, "t-0", "fenced");
    assertThat(image).isSameAs(fenced);

    // Back: it leads its lone partition again, and joins an ISR once that partition's leader adds it.
    apply(new RegisterBroker(node, "h" + node, 9000 + node));
    assertThat(image.partition("alone", 0).orElseThrow().leader()).isEqualTo(node);
    assertThat(image.partition("alone", 0).orElseThrow().leaderEpoch()).isEqualTo(alone.leaderEpoch() + 1);
    assertThat(apply(new AlterIsr("t", 0, s.leader(), s.leaderEpoch(), withNode)).succeeded()).isTrue();
    assertThat(image.partition("t", 0).orElseThrow().isr()).containsExactlyInAnyOrderElementsOf(withNode);
  }

  @Test
  void partitionsAreSpreadRoundRobinOverLiveBrokers() {
    registerThreeBrokers();
    assertThat(createTopic("t", 6, 1).succeeded()).isTrue();
    List<Integer> leaders = leaders("t");
    assertThat(leaders).hasSize(6);
    for (int p = 0; p < 6; p++) {
      assertThat(leaders.get((p + 1) % 6)).isEqualTo(leaders.get(p) % 3 + 1);
      assertThat(image.partition("t", p).orElseThrow().isr()).containsExactly(leaders.get(p));
    }
    apply(new AddPartitions("t", 9));
    assertThat(image.topic("t").orElseThrow().partitions()).isEqualTo(9);
    assertThat(leaders("t").subList(0, 6)).isEqualTo(leaders);
    assertThat(leaders("t")).containsOnly(1, 2, 3);
  }

  @Test
  void aPinnedTopicLivesOnOneNodeAndStaysThereWhenItGrows() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    apply(new CreateTopic("__consumer_offsets", UUID.randomUUID(), 3, (short) 1, 2, Map.of("cleanup.policy", "compact")));
    assertThat(leaders("__consumer_offsets")).containsExactly(2, 2, 2);
    apply(new AddPartitions("__consumer_offsets", 5));
    assertThat(leaders("__consumer_offsets")).containsExactly(2, 2, 2, 2, 2);
  }

  @Test
  void fencingTakesLeadershipAwayAndRegisteringAgainGivesItBackWithANewEpoch() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    createTopic("t", 4, 1);
    List<Integer> before = leaders("t");
    apply(new FenceBroker(2));
    assertThat(image.liveBrokers()).extracting(BrokerRegistration::nodeId).containsExactly(1);
    for (int p = 0; p < 4; p++) {
      PartitionState s = image.partition("t", p).orElseThrow();
      if (before.get(p) == 2) {
        assertThat(s.hasLeader()).isFalse();
        assertThat(s.leaderEpoch()).isEqualTo(1);
      } else {
        assertThat(s.leader()).isEqualTo(1);
        assertThat(s.leaderEpoch()).isZero();
      }
    }
    apply(new RegisterBroker(2, "h2", 9102));
    assertThat(leaders("t")).isEqualTo(before);
    assertThat(image.broker(2).orElseThrow().port()).isEqualTo(9102);
    for (int p = 0; p < 4; p++) {
      assertThat(image.partition("t", p).orElseThrow().leaderEpoch()).isEqualTo(before.get(p) == 2 ? 2 : 0);
    }
  }

  @Test
  void aFencedLeaderHandsOverToAnotherLiveInSyncReplica() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    createTopic("t", 1, 2);
    PartitionState s = image.partition("t", 0).orElseThrow();
    int other = s.replicas().get(1);
    apply(new FenceBroker(s.leader()));
    PartitionState after = image.partition("t", 0).orElseThrow();
    assertThat(after.leader()).isEqualTo(other);
    assertThat(after.isr()).containsExactly(other);
    assertThat(after.leaderEpoch()).isEqualTo(1);
  }

  @Test
  void refusalsNameTheTopicAndLeaveTheImageAlone() {
    apply(new RegisterBroker(1, "h1", 9001));
    createTopic("t", 1, 1);
    MetadataImage before = image;
    CommandResult twice = createTopic("t", 1, 1);
    assertThat(twice.refusal()).isEqualTo(MetadataException.Reason.TOPIC_ALREADY_EXISTS);
    assertThatThrownBy(twice::orThrow).isInstanceOf(MetadataException.class).hasMessageContaining("'t'");
    assertThat(createTopic("u", 1, 2).refusal())
        .isEqualTo(MetadataException.Reason.INVALID_REPLICATION_FACTOR);
    assertThat(createTopic("v", 0, 1).refusal())
        .isEqualTo(MetadataException.Reason.INVALID_PARTITIONS);
    assertThat(apply(new AddPartitions("t", 1)).refusal()).isEqualTo(MetadataException.Reason.INVALID_PARTITIONS);
    assertThat(apply(new DeleteTopic("nope")).refusal()).isEqualTo(MetadataException.Reason.UNKNOWN_TOPIC);
    assertThat(image).isSameAs(before);
  }

  @Test
  void theClusterIdIsSetOnceAndProducerIdBlocksNeverOverlap() {
    assertThat(apply(new InitCluster("first")).message()).isEqualTo("first");
    assertThat(apply(new InitCluster("second")).message()).isEqualTo("first");
    long a = apply(new AllocateProducerIds(0, 1000)).value();
    long b = apply(new AllocateProducerIds(0, 1000)).value();
    long c = apply(new AllocateProducerIds(50_000, 1000)).value();
    long d = apply(new AllocateProducerIds(0, 1000)).value();
    assertThat(List.of(a, b, c, d)).containsExactly(0L, 1000L, 50_000L, 51_000L);
  }

  @Test
  void aSnapshotReadsBackToTheSameImage() throws IOException {
    Random random = new Random(42);
    apply(new InitCluster("c1"));
    for (int id = 1; id <= 3; id++) {
      apply(new RegisterBroker(id, "host-" + id, 9000 + id));
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String name = "topic-" + i;
      names.add(name);
      apply(new CreateTopic(name, UUID.randomUUID(), 1 + random.nextInt(8), (short) (1 + random.nextInt(3)), -1,
          Map.of("retention.ms", Integer.toString(random.nextInt(100_000)))));
    }
    apply(new SetConfigs("topic-3", Map.of("cleanup.policy", "compact", "segment.bytes", "1048576")));
    apply(new DeleteTopic("topic-7"));
    apply(new FenceBroker(2));
    apply(new AllocateProducerIds(0, 1000));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      image.writeTo(out);
    }
    MetadataImage read = MetadataImage.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertThat(read.clusterId()).isEqualTo("c1");
    assertThat(read.brokers()).containsExactlyElementsOf(image.brokers());
    assertThat(read.topics()).containsExactlyElementsOf(image.topics());
    assertThat(read.topic("topic-7")).isEmpty();
    assertThat(read.topic("topic-3").orElseThrow().configs()).containsEntry("cleanup.policy", "compact");
    for (String name : names) {
      assertThat(read.partitions(name)).isEqualTo(image.partitions(name));
    }
    // The next producer-id block continues after the snapshot's.
    assertThat(read.apply(new AllocateProducerIds(0, 10)).result().value()).isEqualTo(1000);
  }

  @Test
  void thePreferredReplicaLeadsAgainOnceItIsLiveAndInSync() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    createTopic("t", 1, 2);
    PartitionState created = image.partition("t", 0).orElseThrow();
    int preferred = created.replicas().get(0);
    int follower = created.replicas().get(1);
    assertThat(created.leader()).isEqualTo(preferred);
    // The preferred leader goes down: the follower, in sync, leads.
    apply(new FenceBroker(preferred));
    PartitionState failedOver = image.partition("t", 0).orElseThrow();
    assertThat(failedOver.leader()).isEqualTo(follower);
    assertThat(image.preferredLeaderImbalance()).isZero(); // the preferred replica is fenced
    assertThat(apply(new ElectPreferredLeaders()).value()).isZero();
    // Back, but not yet in sync: it does not lead.
    apply(new RegisterBroker(preferred, "h", 9101));
    assertThat(image.partition("t", 0).orElseThrow().isr()).doesNotContain(preferred);
    assertThat(image.preferredLeaderImbalance()).isZero();
    assertThat(apply(new ElectPreferredLeaders()).value()).isZero();
    // Caught up: the leader takes it back into the ISR, and the check gives it the leadership.
    apply(new AlterIsr("t", 0, follower, failedOver.leaderEpoch(), List.of(follower, preferred)));
    PartitionState led = image.partition("t", 0).orElseThrow();
    assertThat(led.leader()).isEqualTo(follower);
    assertThat(image.preferredLeaderImbalance()).isEqualTo(1);

    assertThat(apply(new ElectPreferredLeaders()).value()).isEqualTo(1);
    PartitionState back = image.partition("t", 0).orElseThrow();
    assertThat(back.leader()).isEqualTo(preferred);
    assertThat(back.leaderEpoch()).isEqualTo(led.leaderEpoch() + 1);
    assertThat(back.isr()).isEqualTo(led.isr());
    assertThat(image.preferredLeaderImbalance()).isZero();
    MetadataImage balanced = image;
    assertThat(apply(new ElectPreferredLeaders()).value()).isZero();
    assertThat(image).isSameAs(balanced);
  }

  private static MetadataCommand.ElectLeaders elect(boolean unclean, String topic, int... partitions) {
    List<MetadataCommand.ElectLeaders.Target> targets = new ArrayList<>();
    for (int p : partitions) {
      targets.add(new MetadataCommand.ElectLeaders.Target(topic, p));
    }
    return new MetadataCommand.ElectLeaders(unclean, targets);
  }

  @Test
  void anOperatorsPreferredElectionMovesOnlyWhatItNamesAndSaysWhyNot() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    createTopic("t", 2, 2);
    PartitionState p0 = image.partition("t", 0).orElseThrow();
    int preferred = p0.replicas().get(0);
    int other = p0.replicas().get(1);
    assertThat(image.election("t", 0, false).outcome()).isEqualTo(MetadataImage.ElectionOutcome.NOT_NEEDED);
    assertThat(image.election("t", 9, false).outcome()).isEqualTo(MetadataImage.ElectionOutcome.UNKNOWN);
    assertThat(image.election("nope", 0, false).reason()).contains("nope-0 does not exist");

    apply(new FenceBroker(preferred));
    assertThat(image.election("t", 0, false)).satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(MetadataImage.ElectionOutcome.NOT_AVAILABLE);
      assertThat(e.reason()).contains("preferred replica " + preferred).contains("not a live broker");
    });
    apply(new RegisterBroker(preferred, "h", 9100));
    assertThat(image.election("t", 0, false).reason()).contains("not in the ISR");
    PartitionState led = image.partition("t", 0).orElseThrow();
    apply(new AlterIsr("t", 0, other, led.leaderEpoch(), List.of(other, preferred)));
    assertThat(image.election("t", 0, false)).isEqualTo(
        new MetadataImage.Election(MetadataImage.ElectionOutcome.ELECT, preferred, ""));

    // Only partition 0 is named: whatever partition 1's state, it stays as it is.
    List<PartitionState> before1 = List.of(image.partition("t", 1).orElseThrow());
    assertThat(apply(elect(false, "t", 0)).value()).isEqualTo(1);
    PartitionState back = image.partition("t", 0).orElseThrow();
    assertThat(back.leader()).isEqualTo(preferred);
    assertThat(back.leaderEpoch()).isEqualTo(led.leaderEpoch() + 1);
    assertThat(back.isr()).containsExactly(other, preferred);
    assertThat(List.of(image.partition("t", 1).orElseThrow())).isEqualTo(before1);
    MetadataImage elected = image;
    assertThat(apply(elect(false, "t", 0)).value()).isZero();
    assertThat(image).isSameAs(elected);
  }

  @Test
  void anUncleanElectionGivesALeaderlessPartitionToALiveReplicaAndOnlyThen() {
    registerThreeBrokers();
    createTopic("t", 1, 3);
    PartitionState s = image.partition("t", 0).orElseThrow();
    int leader = s.leader();
    List<Integer> followers = s.replicas().stream().filter(r -> r != leader).toList();
    assertThat(image.election("t", 0, true).outcome()).isEqualTo(MetadataImage.ElectionOutcome.NOT_NEEDED);
    assertThat(apply(elect(true, "t", 0)).value()).isZero();

    // The followers fall out of the ISR, then the leader's node dies: no clean leader is left.
    apply(new AlterIsr("t", 0, leader, s.leaderEpoch(), List.of(leader)));
    apply(new FenceBroker(followers.get(0)));
    apply(new FenceBroker(followers.get(1)));
    apply(new FenceBroker(leader));
    PartitionState offline = image.partition("t", 0).orElseThrow();
    assertThat(offline.hasLeader()).isFalse();
    assertThat(image.election("t", 0, true)).satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(MetadataImage.ElectionOutcome.NOT_AVAILABLE);
      assertThat(e.reason()).contains("no replica of t-0");
    });
    // A follower that was out of sync comes back: registering does not make it leader (clean elections only) ...
    apply(new RegisterBroker(followers.get(1), "h", 9200));
    assertThat(image.partition("t", 0).orElseThrow().hasLeader()).isFalse();
    // ... an operator's unclean election does, with an ISR of that replica alone and a new epoch.
    assertThat(apply(elect(true, "t", 0)).value()).isEqualTo(1);
    PartitionState unclean = image.partition("t", 0).orElseThrow();
    assertThat(unclean.leader()).isEqualTo(followers.get(1));
    assertThat(unclean.isr()).containsExactly(followers.get(1));
    assertThat(unclean.leaderEpoch()).isGreaterThan(offline.leaderEpoch());
  }

  @Test
  void aPreferredReplicaOutOfTheIsrDoesNotTakeLeadershipBack() {
    apply(new RegisterBroker(1, "h1", 9001));
    apply(new RegisterBroker(2, "h2", 9002));
    createTopic("t", 2, 2);
    int preferred = image.partition("t", 0).orElseThrow().replicas().get(0);
    apply(new FenceBroker(preferred));
    apply(new RegisterBroker(preferred, "h", 9100));
    // It left the ISR when it was fenced; only the ISR's return (replication catching up) makes it eligible.
    assertThat(image.partition("t", 0).orElseThrow().isr()).doesNotContain(preferred);
    assertThat(image.preferredLeaderImbalance()).isZero();
    List<Integer> before = leaders("t");
    assertThat(apply(new ElectPreferredLeaders()).value()).isZero();
    assertThat(leaders("t")).isEqualTo(before).doesNotContain(preferred);
  }

  @Test
  void votersAreParsedAndBadEntriesNamed() {
    QuorumVoters voters = QuorumVoters.parse("1@127.0.0.1:9093, 2@localhost:9094,3@10.0.0.3:9095");
    assertThat(voters.voters()).extracting(QuorumVoters.Voter::toString)
        .containsExactly("1@127.0.0.1:9093", "2@localhost:9094", "3@10.0.0.3:9095");
    assertThat(QuorumVoters.parse("").isEmpty()).isTrue();
    for (String bad : List.of("1@127.0.0.1", "x@h:1", "1@h:0", "@h:9093", "1@h:99999")) {
      assertThatThrownBy(() -> QuorumVoters.parse(bad)).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("controller.quorum.voters");
    }
    assertThatThrownBy(() -> QuorumVoters.parse("1@h:1,1@h:2")).hasMessageContaining("node 1 twice");
  }
}
