package io.runnel.streams.log.kafka;

import io.runnel.streams.log.GroupMember;
import io.runnel.streams.log.TaskAssignor;
import io.runnel.streams.log.TaskOwner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The kafka backend's {@link ConsumerPartitionAssignor} ({@value #NAME}, set as {@code
 * partition.assignment.strategy}): assigns whole tasks with {@link TaskAssignor} (task {@code p} =
 * partition {@code p} of every subscribed topic), sticky to the tasks members claim, and tells
 * every member the whole task map so it can answer "which instance holds this key".
 *
 * <p>Byte layouts (big-endian), version 1:
 *
 * <pre>
 * subscription user data: short version | string endpoint | int n | n x int claimed task
 * assignment user data:   short version | int members | members x (string memberId | string endpoint
 *                         | int n | n x int task)
 * string: int length (-1 for null) | UTF-8 bytes
 * </pre>
 *
 * <p>The consumer creates one instance and configures it with the {@link Handle} under {@value
 * #HANDLE_CONFIG}; the consumer's thread calls it (the leader's {@code assign}, everyone's {@code
 * onAssignment}); {@link Handle#owners()} may be read from any thread.
 */
public final class KafkaTaskAssignor implements ConsumerPartitionAssignor, Configurable {
  /** The protocol name members agree on. */
  public static final String NAME = "runnel-tasks";

  /** Consumer config key under which {@link KafkaLogConsumer} passes the {@link Handle}. */
  static final String HANDLE_CONFIG = "runnel.task.assignor.handle";

  private static final short VERSION = 1;

  /** What the member tells its group, and what it learned of the group's latest assignment. */
  static final class Handle {
    private final GroupMember member;
    private volatile List<TaskOwner> owners = List.of();

    Handle(GroupMember member) {
      this.member = member;
    }

    List<TaskOwner> owners() {
      return owners;
    }
  }

  private Handle handle = new Handle(GroupMember.ANONYMOUS);

  @Override
  public void configure(Map<String, ?> configs) {
    Object given = configs.get(HANDLE_CONFIG);
    if (given instanceof Handle) {
      handle = (Handle) given;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    Set<Integer> claimed = new TreeSet<>(handle.member.claimedTasks().get());
    byte[] endpoint = bytes(handle.member.endpoint());
    ByteBuffer out = ByteBuffer.allocate(2 + 4 + length(endpoint) + 4 + 4 * claimed.size());
    out.putShort(VERSION);
    putString(out, endpoint);
    out.putInt(claimed.size());
    for (int task : claimed) {
      out.putInt(task);
    }
    return out.flip();
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    // Members in a stable order: static ids (or member ids) sorted, so ties break the same way.
    Map<String, Subscription> members = new TreeMap<>();
    Map<String, String> idOf = new LinkedHashMap<>();
    groupSubscription
        .groupSubscription()
        .forEach(
            (memberId, subscription) -> {
              String id = subscription.groupInstanceId().orElse(memberId);
              members.put(id, subscription);
              idOf.put(id, memberId);
            });
    int tasks = 0;
    Map<String, Set<Integer>> claims = new LinkedHashMap<>();
    Map<String, String> endpoints = new LinkedHashMap<>();
    for (Map.Entry<String, Subscription> entry : members.entrySet()) {
      for (String topic : entry.getValue().topics()) {
        Integer count = metadata.partitionCountForTopic(topic);
        if (count != null) {
          tasks = Math.max(tasks, count);
        }
      }
      ByteBuffer data = entry.getValue().userData();
      Set<Integer> claimed = new HashSet<>();
      String endpoint = null;
      if (data != null && data.remaining() >= 2) {
        ByteBuffer in = data.duplicate();
        short version = in.getShort();
        if (version >= VERSION) {
          endpoint = getString(in);
          int n = in.getInt();
          for (int i = 0; i < n; i++) {
            claimed.add(in.getInt());
          }
        }
      }
      claims.put(entry.getKey(), claimed);
      endpoints.put(entry.getKey(), endpoint);
    }
    Map<String, Set<Integer>> assigned = TaskAssignor.assign(tasks, claims);
    ByteBuffer owners = encodeOwners(assigned, endpoints);
    Map<String, Assignment> out = new LinkedHashMap<>();
    for (Map.Entry<String, Subscription> entry : members.entrySet()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int task : assigned.get(entry.getKey())) {
        for (String topic : entry.getValue().topics()) {
          Integer count = metadata.partitionCountForTopic(topic);
          if (count != null && task < count) {
            partitions.add(new TopicPartition(topic, task));
          }
        }
      }
      out.put(idOf.get(entry.getKey()), new Assignment(partitions, owners.duplicate()));
    }
    return new GroupAssignment(out);
  }

  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
    ByteBuffer data = assignment.userData();
    if (data == null || data.remaining() < 2) {
      handle.owners = List.of();
      return;
    }
    ByteBuffer in = data.duplicate();
    if (in.getShort() < VERSION) {
      handle.owners = List.of();
      return;
    }
    int members = in.getInt();
    List<TaskOwner> owners = new ArrayList<>(members);
    for (int m = 0; m < members; m++) {
      String id = getString(in);
      String endpoint = getString(in);
      int n = in.getInt();
      Set<Integer> tasks = new HashSet<>();
      for (int i = 0; i < n; i++) {
        tasks.add(in.getInt());
      }
      owners.add(new TaskOwner(id, endpoint, tasks));
    }
    handle.owners = List.copyOf(owners);
  }

  private static ByteBuffer encodeOwners(
      Map<String, Set<Integer>> assigned, Map<String, String> endpoints) {
    int size = 2 + 4;
    for (Map.Entry<String, Set<Integer>> e : assigned.entrySet()) {
      size += length(bytes(e.getKey())) + length(bytes(endpoints.get(e.getKey())));
      size += 4 + 4 * e.getValue().size();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putShort(VERSION);
    out.putInt(assigned.size());
    for (Map.Entry<String, Set<Integer>> e : assigned.entrySet()) {
      putString(out, bytes(e.getKey()));
      putString(out, bytes(endpoints.get(e.getKey())));
      out.putInt(e.getValue().size());
      for (int task : e.getValue()) {
        out.putInt(task);
      }
    }
    return out.flip();
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static int length(byte[] b) {
    return 4 + (b == null ? 0 : b.length);
  }

  private static void putString(ByteBuffer out, byte[] b) {
    if (b == null) {
      out.putInt(-1);
    } else {
      out.putInt(b.length).put(b);
    }
  }

  private static String getString(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
