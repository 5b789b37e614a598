package io.runnel.log.group;

import static io.runnel.log.group.CoordinatorFixture.SESSION_MS;
import static io.runnel.log.group.CoordinatorFixture.bytes;
import static io.runnel.log.group.CoordinatorFixture.range;
import static io.runnel.log.group.CoordinatorFixture.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.server.Broker;
import io.runnel.log.server.ServerConfig;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.LogCleaner;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a broker restart: the offsets topic is the state (DESIGN.md). */
class CoordinatorRestartTest {
  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
  private static final TopicPartition ORDERS_2 = new TopicPartition("orders", 2);

  @TempDir
  Path dir;
  private CoordinatorFixture f;

  @AfterEach
  void tearDown() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void committedOffsetsAndTheGroupSurviveARestart() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId("app");
    f.join("app", a, range("orders")).join();
    String b = f.memberId("app");
    CompletableFuture<JoinResult> jb = f.join("app", b, range("orders"));
    f.join("app", a, range("orders")).join();
    assertThat(jb.join().generationId()).isEqualTo(2);
    f.sync("app", 2, b, Map.of());
    f.sync("app", 2, a, Map.of(a, bytes("orders-0,1"), b, bytes("orders-2"))).join();
    f.commit("app", 2, a, ORDERS_0, 100);
    f.commit("app", 2, b, ORDERS_2, 200);
    f.commit("app", 2, a, ORDERS_0, 150);

    f.restart();

    assertThat(f.committed("app", ORDERS_0)).isEqualTo(new CommittedOffset(150, 3, "meta-150"));
    assertThat(f.committed("app", ORDERS_2)).isEqualTo(new CommittedOffset(200, 3, "meta-200"));
    GroupDescription d = f.coordinator.describeGroup("app");
    assertThat(d.state()).isEqualTo(GroupState.STABLE);
    assertThat(d.protocolType()).isEqualTo("consumer");
    assertThat(d.protocolName()).isEqualTo("range");
    assertThat(d.members()).extracting(GroupDescription.MemberDescription::memberId).containsExactly(a, b);
    assertThat(d.members()).extracting(m -> string(m.assignment())).containsExactly("orders-0,1", "orders-2");
    assertThat(d.members().get(0).metadata()).isEqualTo(CoordinatorFixture.subscription("orders"));

    // The members carry on in their generation, and expire once they stop heartbeating.
    assertThat(f.heartbeat("app", 2, a)).isEqualTo(GroupError.NONE);
    assertThat(string(f.sync("app", 2, b, Map.of()).join().assignment())).isEqualTo("orders-2");
    f.clock.advance(5_000);
    assertThat(f.heartbeat("app", 2, a)).isEqualTo(GroupError.NONE);
    f.clock.advance(SESSION_MS);
    assertThat(f.heartbeat("app", 2, b)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.heartbeat("app", 2, a)).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    assertThat(f.coordinator.describeGroup("app").state()).isEqualTo(GroupState.EMPTY);
  }

  @Test
  void anEmptyGroupKeepsItsGenerationAcrossARestart() {
    f = CoordinatorFixture.start(dir);
    String a = f.memberId("app");
    f.join("app", a, range("orders")).join();
    f.sync("app", 1, a, Map.of()).join();
    f.coordinator.leave("app", List.of(new LeavingMember(a, null, null)));

    f.restart();

    assertThat(f.coordinator.listGroups(Set.of())).containsExactly(
        new GroupListing("app", "consumer", GroupState.EMPTY));
    String b = f.memberId("app");
    assertThat(f.join("app", b, range("orders")).join().generationId()).isEqualTo(3);
  }

  @Test
  void deletedOffsetsAndGroupsStayDeleted() {
    f = CoordinatorFixture.start(dir);
    f.commit("keep", -1, "", ORDERS_0, 1);
    f.commit("keep", -1, "", ORDERS_2, 2);
    f.commit("drop", -1, "", ORDERS_0, 3);
    f.coordinator.deleteOffsets("keep", List.of(ORDERS_2)).join();
    f.coordinator.deleteGroups(List.of("drop")).join();

    f.restart();

    assertThat(f.coordinator.fetchOffsets("keep", null).offsets()).containsOnlyKeys(ORDERS_0);
    assertThat(f.coordinator.describeGroup("drop").error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
    assertThat(f.coordinator.listGroups(Set.of())).extracting(GroupListing::groupId).containsExactly("keep");
  }

  @Test
  void theStateIsTheSameAfterCompactionDroppedOldRecordsAndTombstones() {
    f = CoordinatorFixture.start(dir);
    for (int i = 0; i < 50; i++) {
      f.commit("busy", -1, "", ORDERS_0, i);
      f.commit("busy", -1, "", ORDERS_2, 1000 + i);
    }
    f.commit("gone", -1, "", ORDERS_0, 7);
    f.coordinator.deleteGroups(List.of("gone")).join();
    f.clock.advance(25L * 3600 * 1000); // past delete.retention.ms: tombstones may go too

    long dropped = 0;
    for (int p = 0; p < 3; p++) {
      PartitionLog log = f.broker.log(OffsetsTopic.NAME, p).orElseThrow();
      log.roll();
      dropped += LogCleaner.clean(log).recordsDropped();
    }
    assertThat(dropped).isGreaterThan(90);
    f.restart();

    assertThat(f.committed("busy", ORDERS_0).offset()).isEqualTo(49);
    assertThat(f.committed("busy", ORDERS_2).offset()).isEqualTo(1049);
    assertThat(f.coordinator.listGroups(Set.of())).extracting(GroupListing::groupId).containsExactly("busy");
  }

  @Test
  void theOffsetsTopicIsCreatedCompactedAndHoldsAGroupInOnePartition() {
    f = CoordinatorFixture.start(dir);
    // Created on first need, as Kafka does on the first FindCoordinator.
    assertThat(f.broker.topic("__consumer_offsets")).isEmpty();
    assertThat(f.coordinator.findCoordinator("g").nodeId()).isEqualTo(f.broker.nodeId());
    Topic topic = f.broker.topic("__consumer_offsets").orElseThrow();
    assertThat(topic.partitions()).isEqualTo(3);
    assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");

    String extreme = "polygenelubricants"; // its hashCode is Integer.MIN_VALUE
    assertThat(extreme.hashCode()).isEqualTo(Integer.MIN_VALUE);
    int partition = f.coordinator.partitionFor(extreme);
    assertThat(partition).isZero(); // Kafka's Utils.abs(Integer.MIN_VALUE) is 0
    List<Long> before = endOffsets();
    f.commit(extreme, -1, "", ORDERS_0, 11);
    List<Long> after = endOffsets();
    for (int p = 0; p < 3; p++) {
      assertThat(after.get(p) - before.get(p)).isEqualTo(p == partition ? 1 : 0);
    }

    f.restart();
    assertThat(f.committed(extreme, ORDERS_0).offset()).isEqualTo(11);
  }

  private List<Long> endOffsets() {
    List<Long> out = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      out.add(f.broker.log(OffsetsTopic.NAME, p).orElseThrow().logEndOffset());
    }
    return out;
  }

  @Test
  void aCoordinatorAnswersNothingBeforeItHasLoadedAndNothingAfterClose() {
    ManualTimer clock = new ManualTimer(0);
    try (Broker broker = Broker.open(ServerConfig.of(Map.of("log.dirs", dir.toString(),
        "offsets.topic.num.partitions", "2", "group.initial.rebalance.delay.ms", "1000")), clock)) {
      broker.createTopic("orders", 1, Map.of());
      GroupCoordinator coordinator = new GroupCoordinator(broker, clock, clock);
      JoinRequest join = new JoinRequest("g", "", "i-1", "c", "h", 10_000, 30_000, "consumer",
          List.of(range("orders")), true, true, null);

      assertThat(coordinator.status()).isEqualTo(GroupError.COORDINATOR_LOAD_IN_PROGRESS);
      assertThat(coordinator.join(join).join().error()).isEqualTo(GroupError.COORDINATOR_LOAD_IN_PROGRESS);
      assertThat(coordinator.fetchOffsets("g", null).error()).isEqualTo(GroupError.COORDINATOR_LOAD_IN_PROGRESS);
      assertThat(coordinator.commitOffsets(new CommitRequest("g", -1, "", null,
          Map.of(ORDERS_0, new CommittedOffset(1, -1, null)))).join()).containsValue(GroupError.COORDINATOR_LOAD_IN_PROGRESS);

      coordinator.start();
      CompletableFuture<JoinResult> waiting = coordinator.join(join);
      assertThat(waiting).isNotDone();
      coordinator.close();

      assertThat(waiting.join().error()).isEqualTo(GroupError.COORDINATOR_NOT_AVAILABLE);
      assertThat(coordinator.heartbeat("g", 1, "m", null)).isEqualTo(GroupError.COORDINATOR_NOT_AVAILABLE);
      clock.advance(60_000);
      assertThat(clock.pending()).isZero();
    }
  }
}
