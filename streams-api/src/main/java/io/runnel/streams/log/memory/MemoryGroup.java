package io.runnel.streams.log.memory;

import io.runnel.streams.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer group of a {@link MemoryLog}: its members in join order, a generation that moves on
 * every join and leave, and the committed offsets. Partition {@code p} of a topic goes to the
 * member at index {@code p % n} among the {@code n} members subscribed to it, so partition {@code
 * i} of equally sized topics lands on one member (a task's partition group).
 *
 * <p>Not thread-safe: guarded by the owning log's monitor.
 */
final class MemoryGroup {
  private final MemoryLog log;
  private final List<MemoryConsumer> members = new ArrayList<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private int generation;

  MemoryGroup(MemoryLog log) {
    this.log = log;
  }

  void join(MemoryConsumer member) {
    if (!members.contains(member)) {
      members.add(member);
    }
    generation++;
  }

  void leave(MemoryConsumer member) {
    if (members.remove(member)) {
      generation++;
    }
  }

  int generation() {
    return generation;
  }

  Set<TopicPartition> assignment(MemoryConsumer member) {
    Set<TopicPartition> assigned = new HashSet<>();
    for (String topic : member.subscription()) {
      List<MemoryConsumer> subscribed = new ArrayList<>();
      for (MemoryConsumer m : members) {
        if (m.subscription().contains(topic)) {
          subscribed.add(m);
        }
      }
      int index = subscribed.indexOf(member);
      int partitions = log.topic(topic).spec().partitions();
      for (int p = 0; p < partitions; p++) {
        if (p % subscribed.size() == index) {
          assigned.add(new TopicPartition(topic, p));
        }
      }
    }
    return assigned;
  }

  Map<TopicPartition, Long> committed() {
    return committed;
  }
}
