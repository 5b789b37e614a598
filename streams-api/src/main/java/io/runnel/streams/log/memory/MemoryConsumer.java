package io.runnel.streams.log.memory;

import io.runnel.streams.log.GroupMember;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TaskOwner;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consumer of a {@link MemoryLog}. Group rebalances are eager: on the first poll after the
 * group's generation moved, the listener hears every owned partition revoked; the member then
 * rejoins with its claimed tasks and, once every member has rejoined, hears its new assignment
 * (polls wait for that, up to their timeout). A poll returns at most {@value #MAX_POLL_RECORDS} records, partitions in (topic,
 * partition) order.
 *
 * <p>Not thread-safe: one thread uses it; state shared with the log is guarded by the log's
 * monitor, and rebalance callbacks run outside it.
 */
final class MemoryConsumer implements LogConsumer {
  static final int MAX_POLL_RECORDS = 500;
  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final MemoryLog log;
  private final String groupId;
  private final GroupMember member;
  private final Map<TopicPartition, Long> positions = new TreeMap<>(ORDER);
  private List<String> subscription = List.of();
  private RebalanceListener listener;
  private int generation = -1;
  private int rejoinedGeneration = -1;
  private volatile List<TaskOwner> groupTasks = List.of();
  private boolean closed;

  MemoryConsumer(MemoryLog log, String groupId, GroupMember member) {
    this.log = log;
    this.groupId = groupId;
    this.member = member;
  }

  GroupMember member() {
    return member;
  }

  @Override
  public List<TaskOwner> groupTasks() {
    return groupTasks;
  }

  List<String> subscription() {
    return subscription;
  }

  @Override
  public void assign(Collection<TopicPartition> partitions) {
    checkOpen();
    if (listener != null) {
      throw new IllegalStateException("consumer of group '" + groupId + "' is subscribed");
    }
    positions.clear();
    synchronized (log) {
      for (TopicPartition tp : partitions) {
        log.partition(tp); // fails on an unknown partition, naming it
        positions.put(tp, committedOrEarliest(tp));
      }
    }
  }

  @Override
  public void subscribe(Collection<String> topics, RebalanceListener listener) {
    checkOpen();
    if (groupId == null) {
      throw new IllegalStateException("a consumer without a group id cannot subscribe");
    }
    synchronized (log) {
      for (String topic : topics) {
        log.topic(topic);
      }
      this.subscription = List.copyOf(topics);
      this.listener = listener;
      log.group(groupId).join(this);
      log.notifyAll();
    }
  }

  @Override
  public Set<TopicPartition> assignment() {
    return Set.copyOf(positions.keySet());
  }

  @Override
  public List<LogRecord> poll(Duration timeout) {
    checkOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      rebalanceIfNeeded();
      synchronized (log) {
        boolean pending = rebalancePending();
        if (pending && log.group(groupId).ready()) {
          continue; // every member rejoined: take the assignment now
        }
        List<LogRecord> out = pending ? List.of() : fetch();
        long waitNanos = deadline - System.nanoTime();
        if (!out.isEmpty() || waitNanos <= 0) {
          return out;
        }
        try {
          log.wait(Math.max(1, waitNanos / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return out;
        }
      }
    }
  }

  private List<LogRecord> fetch() {
    List<LogRecord> out = new ArrayList<>();
    for (Map.Entry<TopicPartition, Long> entry : positions.entrySet()) {
      List<MemoryTopic.Entry> partition = log.partition(entry.getKey());
      long position = entry.getValue();
      while (position < partition.size() && out.size() < MAX_POLL_RECORDS) {
        out.add(partition.get((int) position).record());
        position++;
      }
      entry.setValue(position);
    }
    return out;
  }

  private boolean rebalancePending() {
    return listener != null && log.group(groupId).generation() != generation;
  }

  private void rebalanceIfNeeded() {
    int current;
    synchronized (log) {
      if (!rebalancePending()) {
        return;
      }
      current = log.group(groupId).generation();
    }
    if (rejoinedGeneration != current) {
      // Eager: give everything up before anyone gets the new assignment (a task's state directory
      // must be closed here before another member of the same instance opens it).
      List<TopicPartition> revoked = new ArrayList<>(positions.keySet());
      if (!revoked.isEmpty()) {
        listener.onPartitionsRevoked(revoked);
      }
      positions.clear();
      Set<Integer> claimed = member.claimedTasks().get();
      synchronized (log) {
        log.group(groupId).rejoin(this, claimed);
        rejoinedGeneration = log.group(groupId).generation();
        log.notifyAll();
      }
    }
    Set<TopicPartition> next;
    synchronized (log) {
      MemoryGroup group = log.group(groupId);
      if (group.generation() != rejoinedGeneration || !group.ready()) {
        return; // moved again, or others still have to rejoin
      }
      generation = group.generation();
      next = group.assignment(this);
      groupTasks = group.owners();
      for (TopicPartition tp : next) {
        positions.put(tp, committedOrEarliest(tp));
      }
    }
    List<TopicPartition> assigned = new ArrayList<>(next);
    assigned.sort(ORDER);
    listener.onPartitionsAssigned(assigned);
  }

  private long committedOrEarliest(TopicPartition tp) {
    return groupId == null ? 0L : log.group(groupId).committed().getOrDefault(tp, 0L);
  }

  @Override
  public void seek(TopicPartition partition, long offset) {
    if (!positions.containsKey(partition)) {
      throw new IllegalStateException("cannot seek " + partition + ": it is not assigned");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("cannot seek " + partition + " to " + offset);
    }
    positions.put(partition, offset);
  }

  @Override
  public long position(TopicPartition partition) {
    Long position = positions.get(partition);
    if (position == null) {
      throw new IllegalStateException("no position for " + partition + ": it is not assigned");
    }
    return position;
  }

  @Override
  public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
    requireGroup();
    Map<TopicPartition, Long> out = new HashMap<>();
    synchronized (log) {
      Map<TopicPartition, Long> committed = log.group(groupId).committed();
      for (TopicPartition tp : partitions) {
        Long offset = committed.get(tp);
        if (offset != null) {
          out.put(tp, offset);
        }
      }
    }
    return out;
  }

  @Override
  public void commit(Map<TopicPartition, Long> offsets) {
    requireGroup();
    synchronized (log) {
      log.group(groupId).committed().putAll(offsets);
    }
  }

  @Override
  public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    synchronized (log) {
      for (TopicPartition tp : partitions) {
        out.put(tp, (long) log.partition(tp).size());
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (listener != null) {
      synchronized (log) {
        log.group(groupId).leave(this);
        log.notifyAll();
      }
    }
  }

  private void requireGroup() {
    if (groupId == null) {
      throw new IllegalStateException("a consumer without a group id has no committed offsets");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new LogException("consumer of group '" + groupId + "' is closed");
    }
  }
}
