package io.runnel.streams.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of every {@link Log} backend. Topic names are unique per test. */
public abstract class LogContract {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long TIMEOUT_MS = 30_000;

  protected Log log;

  /** A log of the backend under test. */
  protected abstract Log openLog();

  @BeforeEach
  void open() {
    log = openLog();
  }

  @AfterEach
  void close() {
    log.close();
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void createsAndDescribesTopicsWithTheirConfigs() {
    String name = unique("changelog");
    assertThat(log.createTopic(TopicSpec.compacted(name, 3))).isTrue();
    assertThat(log.createTopic(TopicSpec.of(name, 3))).isFalse();

    TopicSpec described = log.describeTopic(name).orElseThrow();
    assertThat(described.partitions()).isEqualTo(3);
    assertThat(described.configs()).containsEntry("cleanup.policy", "compact");
    assertThat(log.describeTopic(unique("missing"))).isEmpty();
  }

  @Test
  void producesKeyedRecordsAndReadsThemBackByAssignment() {
    String topic = unique("input");
    log.createTopic(TopicSpec.of(topic, 4));
    List<String> keys = List.of("alpha", "beta", "gamma", "delta", "alpha");
    try (LogProducer producer = log.newProducer();
        LogConsumer consumer = log.newConsumer(null)) {
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        byte[] key = bytes(keys.get(i));
        TopicPartition tp = new TopicPartition(topic, KeyPartitioner.partition(key, 4));
        offsets.add(producer.send(tp, key, bytes("v" + i), 1000L + i).join());
      }
      producer.flush();
      assertThat(offsets.get(4)).isGreaterThan(offsets.get(0)); // same key, same partition, later

      List<TopicPartition> all = partitions(topic, 4);
      consumer.assign(all);
      List<LogRecord> records = pollUntil(consumer, 5);
      assertThat(records).hasSize(5);
      for (LogRecord r : records) {
        String key = new String(r.key(), UTF_8);
        int i = Integer.parseInt(new String(r.value(), UTF_8).substring(1));
        assertThat(key).isEqualTo(keys.get(i));
        assertThat(r.partition()).isEqualTo(KeyPartitioner.partition(r.key(), 4));
        assertThat(r.timestamp()).isEqualTo(1000L + i);
        assertThat(r.offset()).isEqualTo(offsets.get(i));
      }
      long total = consumer.endOffsets(all).values().stream().mapToLong(Long::longValue).sum();
      assertThat(total).isEqualTo(5);
    }
  }

  @Test
  void headersAreKeptInOrderWithDuplicateNamesAndNullValues() {
    String topic = unique("headers");
    log.createTopic(TopicSpec.of(topic, 1));
    TopicPartition tp = new TopicPartition(topic, 0);
    List<LogHeader> headers =
        List.of(
            new LogHeader("host", bytes("web-1")),
            new LogHeader("trace", null),
            new LogHeader("host", bytes("web-2")));
    try (LogProducer producer = log.newProducer();
        LogConsumer consumer = log.newConsumer(null)) {
      producer.send(tp, bytes("k"), bytes("with"), 1L, headers).join();
      producer.send(tp, bytes("k"), bytes("without"), 2L).join();
      producer.flush();
      consumer.assign(List.of(tp));
      List<LogRecord> records = pollUntil(consumer, 2);
      List<LogHeader> read = records.get(0).headers();
      assertThat(read).extracting(LogHeader::key).containsExactly("host", "trace", "host");
      assertThat(new String(read.get(0).value(), UTF_8)).isEqualTo("web-1");
      assertThat(read.get(1).value()).isNull();
      assertThat(new String(read.get(2).value(), UTF_8)).isEqualTo("web-2");
      assertThat(records.get(1).headers()).isEmpty();
    }
  }

  @Test
  void seekRereadsFromAnOffset() {
    String topic = unique("seek");
    log.createTopic(TopicSpec.of(topic, 1));
    TopicPartition tp = new TopicPartition(topic, 0);
    try (LogProducer producer = log.newProducer();
        LogConsumer consumer = log.newConsumer(null)) {
      for (int i = 0; i < 3; i++) {
        producer.send(tp, bytes("k"), bytes("v" + i), i);
      }
      producer.flush();
      consumer.assign(List.of(tp));
      assertThat(pollUntil(consumer, 3)).hasSize(3);
      assertThat(consumer.position(tp)).isEqualTo(3);
      consumer.seek(tp, 1);
      List<LogRecord> again = pollUntil(consumer, 2);
      assertThat(again).extracting(LogRecord::offset).containsExactly(1L, 2L);
      assertThat(new String(again.get(0).value(), UTF_8)).isEqualTo("v1");
      assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 3L);
    }
  }

  @Test
  void groupMemberIsAssignedEveryPartitionAndResumesFromCommittedOffsets() {
    String a = unique("a");
    String b = unique("b");
    String group = unique("group");
    log.createTopic(TopicSpec.of(a, 2));
    log.createTopic(TopicSpec.of(b, 2));
    try (LogProducer producer = log.newProducer()) {
      for (int p = 0; p < 2; p++) {
        producer.send(new TopicPartition(a, p), bytes("k"), bytes("a" + p), 0);
        producer.send(new TopicPartition(b, p), bytes("k"), bytes("b" + p), 0);
      }
      producer.flush();

      RecordingListener listener = new RecordingListener();
      try (LogConsumer first = log.newConsumer(group)) {
        first.subscribe(List.of(a, b), listener);
        List<LogRecord> records = pollUntil(first, 4);
        assertThat(records).hasSize(4);
        assertThat(listener.assigned)
            .containsExactlyInAnyOrderElementsOf(concat(partitions(a, 2), partitions(b, 2)));
        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition(a, 0), 1L);
        first.commit(offsets);
        assertThat(first.committed(Set.of(new TopicPartition(a, 0), new TopicPartition(a, 1))))
            .isEqualTo(offsets);
      }

      producer.send(new TopicPartition(a, 0), bytes("k"), bytes("later"), 0);
      producer.flush();
      try (LogConsumer second = log.newConsumer(group)) {
        second.subscribe(List.of(a), new RecordingListener());
        // a-0 resumes after its commit; a-1 has no commit and starts at the earliest record.
        List<LogRecord> records = pollUntil(second, 2);
        assertThat(records)
            .extracting(r -> new String(r.value(), UTF_8))
            .containsExactlyInAnyOrder("later", "a1");
      }
    }
  }

  @Test
  void twoMembersSplitTheGroupByPartitionNumber() {
    String a = unique("a");
    String b = unique("b");
    String group = unique("group");
    log.createTopic(TopicSpec.of(a, 2));
    log.createTopic(TopicSpec.of(b, 2));
    RecordingListener one = new RecordingListener();
    RecordingListener two = new RecordingListener();
    try (LogConsumer first = log.newConsumer(group);
        LogConsumer second = log.newConsumer(group)) {
      first.subscribe(List.of(a, b), one);
      second.subscribe(List.of(a, b), two);
      await(
          () -> {
            first.poll(POLL);
            second.poll(POLL);
            return one.assigned.size() == 2 && two.assigned.size() == 2;
          });
      // Partition i of both topics is on one member: a task's partition group stays together.
      assertThat(one.assigned)
          .extracting(TopicPartition::partition)
          .containsOnly(one.assigned.get(0).partition());
      assertThat(two.assigned)
          .extracting(TopicPartition::partition)
          .containsOnly(two.assigned.get(0).partition());
      assertThat(one.assigned.get(0).partition()).isNotEqualTo(two.assigned.get(0).partition());
    }
  }

  @Test
  void membersKeepTheTasksTheyClaimAndLearnEveryMembersEndpoint() {
    String a = unique("a");
    String b = unique("b");
    String group = unique("group");
    log.createTopic(TopicSpec.of(a, 4));
    log.createTopic(TopicSpec.of(b, 4));
    RecordingListener one = new RecordingListener();
    RecordingListener two = new RecordingListener();
    GroupMember firstMember = new GroupMember(null, "host-1:7001", () -> Set.of(1, 3));
    GroupMember secondMember = new GroupMember(null, "host-2:7002", () -> Set.of(0, 2));
    try (LogConsumer first = log.newConsumer(group, firstMember);
        LogConsumer second = log.newConsumer(group, secondMember)) {
      first.subscribe(List.of(a, b), one);
      second.subscribe(List.of(a, b), two);
      await(
          () -> {
            first.poll(POLL);
            second.poll(POLL);
            return one.assigned.size() == 4 && two.assigned.size() == 4;
          });
      assertThat(one.assigned).extracting(TopicPartition::partition).containsOnly(1, 3);
      assertThat(two.assigned).extracting(TopicPartition::partition).containsOnly(0, 2);
      for (LogConsumer member : List.of(first, second)) {
        assertThat(member.groupTasks())
            .extracting(TaskOwner::endpoint, TaskOwner::tasks)
            .containsExactlyInAnyOrder(
                tuple("host-1:7001", Set.of(1, 3)),
                tuple("host-2:7002", Set.of(0, 2)));
      }
    }
  }

  private static List<TopicPartition> concat(List<TopicPartition> x, List<TopicPartition> y) {
    List<TopicPartition> out = new ArrayList<>(x);
    out.addAll(y);
    return out;
  }

  private static List<TopicPartition> partitions(String topic, int count) {
    List<TopicPartition> out = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      out.add(new TopicPartition(topic, p));
    }
    return out;
  }

  private static List<LogRecord> pollUntil(LogConsumer consumer, int count) {
    List<LogRecord> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (out.size() < count && System.currentTimeMillis() < deadline) {
      out.addAll(consumer.poll(POLL));
    }
    return out;
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within " + TIMEOUT_MS + " ms");
      }
    }
  }

  /** Keeps the latest assignment. */
  private static final class RecordingListener implements RebalanceListener {
    final List<TopicPartition> assigned = new ArrayList<>();

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      assigned.removeAll(new HashSet<>(partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned.clear();
      assigned.addAll(partitions);
    }
  }
}
