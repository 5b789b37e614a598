package io.runnel.streams.log.memory;

import io.runnel.streams.log.TaskAssignor;
import io.runnel.streams.log.TaskOwner;
import io.runnel.streams.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer group of a {@link MemoryLog}: its members in join order, a generation that moves on
 * every join and leave, and the committed offsets. Rebalances are eager, as Kafka's classic
 * protocol: after the generation moves, each member gives up its partitions and rejoins with its
 * claimed tasks ({@link #rejoin}); once every member has rejoined, {@link TaskAssignor} assigns the
 * tasks (task {@code p} = partition {@code p} of every subscribed topic) once for the generation.
 * A member that stops polling therefore holds up the rebalance, as a Kafka member does until its
 * session times out; here it must {@link #leave}.
 *
 * <p>Not thread-safe: guarded by the owning log's monitor.
 */
final class MemoryGroup {
  private final MemoryLog log;
  private final List<MemoryConsumer> members = new ArrayList<>();
  private final Map<MemoryConsumer, Integer> rejoined = new HashMap<>();
  private final Map<MemoryConsumer, Set<Integer>> claims = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private int generation;
  private int assignedGeneration = -1;
  private Map<MemoryConsumer, Set<Integer>> assignment = Map.of();
  private List<TaskOwner> owners = List.of();
  private int nextMemberId;
  private final Map<MemoryConsumer, String> memberIds = new HashMap<>();

  MemoryGroup(MemoryLog log) {
    this.log = log;
  }

  void join(MemoryConsumer member) {
    if (!members.contains(member)) {
      members.add(member);
      String instanceId = member.member().instanceId();
      memberIds.put(member, instanceId != null ? instanceId : "member-" + nextMemberId++);
    }
    generation++;
  }

  void leave(MemoryConsumer member) {
    if (members.remove(member)) {
      rejoined.remove(member);
      claims.remove(member);
      memberIds.remove(member);
      generation++;
    }
  }

  int generation() {
    return generation;
  }

  /** {@code member} gave up its partitions for the current generation and claims {@code tasks}. */
  void rejoin(MemoryConsumer member, Set<Integer> tasks) {
    rejoined.put(member, generation);
    claims.put(member, Set.copyOf(tasks));
  }

  /** Whether every member has rejoined for the current generation, so it can be assigned. */
  boolean ready() {
    for (MemoryConsumer m : members) {
      if (rejoined.getOrDefault(m, -1) != generation) {
        return false;
      }
    }
    return true;
  }

  /** The partitions of {@code member} in the current generation; call once {@link #ready()}. */
  Set<TopicPartition> assignment(MemoryConsumer member) {
    if (assignedGeneration != generation) {
      assignTasks();
    }
    Set<TopicPartition> assigned = new HashSet<>();
    for (int task : assignment.getOrDefault(member, Set.of())) {
      for (String topic : member.subscription()) {
        if (task < log.topic(topic).spec().partitions()) {
          assigned.add(new TopicPartition(topic, task));
        }
      }
    }
    return assigned;
  }

  /** Every member's tasks and endpoint in the current generation. */
  List<TaskOwner> owners() {
    if (assignedGeneration != generation) {
      assignTasks();
    }
    return owners;
  }

  private void assignTasks() {
    int tasks = 0;
    Map<String, Set<Integer>> byId = new LinkedHashMap<>();
    for (MemoryConsumer m : members) {
      for (String topic : m.subscription()) {
        tasks = Math.max(tasks, log.topic(topic).spec().partitions());
      }
      byId.put(memberIds.get(m), claims.getOrDefault(m, Set.of()));
    }
    Map<String, Set<Integer>> assigned = TaskAssignor.assign(tasks, byId);
    Map<MemoryConsumer, Set<Integer>> next = new HashMap<>();
    List<TaskOwner> nextOwners = new ArrayList<>();
    for (MemoryConsumer m : members) {
      String id = memberIds.get(m);
      next.put(m, assigned.get(id));
      nextOwners.add(new TaskOwner(id, m.member().endpoint(), assigned.get(id)));
    }
    assignment = next;
    owners = List.copyOf(nextOwners);
    assignedGeneration = generation;
  }

  Map<TopicPartition, Long> committed() {
    return committed;
  }
}
