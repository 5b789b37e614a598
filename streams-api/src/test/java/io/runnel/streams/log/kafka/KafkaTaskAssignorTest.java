package io.runnel.streams.log.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.runnel.streams.log.GroupMember;
import io.runnel.streams.log.TaskOwner;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The assignor's own round trip, as kafka-clients drives it: each member's subscription user data,
 * the leader's assignment, each member's onAssignment.
 */
class KafkaTaskAssignorTest {
  private static final Node NODE = new Node(1, "127.0.0.1", 9092);

  private static KafkaTaskAssignor assignor(KafkaTaskAssignor.Handle handle) {
    KafkaTaskAssignor assignor = new KafkaTaskAssignor();
    assignor.configure(Map.of(KafkaTaskAssignor.HANDLE_CONFIG, handle));
    return assignor;
  }

  private static Cluster cluster(Map<String, Integer> topics) {
    List<PartitionInfo> partitions = new ArrayList<>();
    topics.forEach(
        (topic, count) -> {
          for (int p = 0; p < count; p++) {
            partitions.add(new PartitionInfo(topic, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
          }
        });
    return new Cluster("c", List.of(NODE), partitions, Set.of(), Set.of());
  }

  @Test
  void assignsWholeTasksStickyToClaimsAndTellsEveryMemberTheTaskMap() {
    List<String> topics = List.of("in", "app-counts-repartition");
    KafkaTaskAssignor.Handle first =
        new KafkaTaskAssignor.Handle(new GroupMember("one-1", "h1:7001", () -> Set.of(2, 3)));
    KafkaTaskAssignor.Handle second =
        new KafkaTaskAssignor.Handle(new GroupMember(null, null, () -> Set.of()));
    KafkaTaskAssignor a = assignor(first);
    KafkaTaskAssignor b = assignor(second);
    Subscription subA =
        new Subscription(topics, a.subscriptionUserData(Set.copyOf(topics)), List.of());
    subA.setGroupInstanceId(Optional.of("one-1")); // as the leader's coordinator fills it in
    Subscription subB =
        new Subscription(topics, b.subscriptionUserData(Set.copyOf(topics)), List.of());
    GroupAssignment result =
        a.assign(
            cluster(Map.of("in", 4, "app-counts-repartition", 4)),
            new GroupSubscription(Map.of("member-a", subA, "member-b", subB)));

    Assignment forA = result.groupAssignment().get("member-a");
    Assignment forB = result.groupAssignment().get("member-b");
    assertThat(forA.partitions())
        .containsExactlyInAnyOrder(
            new TopicPartition("in", 2),
            new TopicPartition("in", 3),
            new TopicPartition("app-counts-repartition", 2),
            new TopicPartition("app-counts-repartition", 3));
    assertThat(forB.partitions()).extracting(TopicPartition::partition).containsOnly(0, 1);

    ConsumerGroupMetadata metadata = null; // the assignor does not read it
    a.onAssignment(forA, metadata);
    b.onAssignment(forB, metadata);
    for (KafkaTaskAssignor.Handle handle : List.of(first, second)) {
      assertThat(handle.owners())
          .extracting(TaskOwner::memberId, TaskOwner::endpoint, TaskOwner::tasks)
          .containsExactlyInAnyOrder(
              tuple("one-1", "h1:7001", Set.of(2, 3)), tuple("member-b", null, Set.of(0, 1)));
    }
  }

  @Test
  void aSubscriptionWithoutUserDataClaimsNothingAndMissingTopicsAreSkipped() {
    KafkaTaskAssignor a = assignor(new KafkaTaskAssignor.Handle(GroupMember.ANONYMOUS));
    GroupAssignment result =
        a.assign(
            cluster(Map.of("in", 2)),
            new GroupSubscription(
                Map.of(
                    "m1", new Subscription(List.of("in", "not-yet-created"), (ByteBuffer) null))));
    assertThat(result.groupAssignment().get("m1").partitions())
        .containsExactlyInAnyOrder(new TopicPartition("in", 0), new TopicPartition("in", 1));
  }
}
