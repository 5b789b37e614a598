package io.runnel.streams.log.memory;

import io.runnel.streams.log.GroupMember;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code memory} backend: topics, partitions, offsets and consumer groups inside the JVM.
 * Deterministic: an append gets the next offset of its partition at once, and group assignment
 * depends only on the order members joined and the tasks they claim. Nothing is ever compacted or deleted.
 *
 * <p>Thread-safe: every operation holds this log's monitor, which also wakes consumers waiting in
 * {@code poll}. Process-wide logs are kept by name ({@link #named}); {@link #close()} keeps the
 * data, so a restarted app sees what was written before.
 */
public final class MemoryLog implements Log {
  private static final Map<String, MemoryLog> NAMED = new ConcurrentHashMap<>();

  private final Map<String, MemoryTopic> topics = new HashMap<>();
  private final Map<String, MemoryGroup> groups = new HashMap<>();
  private long nextSequence;

  /** A new, empty log of its own. */
  public MemoryLog() {}

  /** The process-wide log called {@code name}, created on first use. */
  public static MemoryLog named(String name) {
    return NAMED.computeIfAbsent(name, n -> new MemoryLog());
  }

  @Override
  public synchronized boolean createTopic(TopicSpec topic) {
    if (topics.containsKey(topic.name())) {
      return false;
    }
    topics.put(topic.name(), new MemoryTopic(topic));
    return true;
  }

  @Override
  public synchronized Optional<TopicSpec> describeTopic(String name) {
    MemoryTopic topic = topics.get(name);
    return topic == null ? Optional.empty() : Optional.of(topic.spec());
  }

  @Override
  public LogProducer newProducer() {
    return new MemoryProducer(this);
  }

  @Override
  public LogConsumer newConsumer(String groupId, GroupMember member) {
    return new MemoryConsumer(this, groupId, member);
  }

  /**
   * Every record of {@code topic} in the order they were appended across partitions (what a test
   * driver shows as the output order).
   *
   * @throws LogException if there is no such topic
   */
  public synchronized List<LogRecord> records(String topic) {
    MemoryTopic t = topic(topic);
    List<MemoryTopic.Entry> all = new ArrayList<>();
    for (int p = 0; p < t.spec().partitions(); p++) {
      all.addAll(t.partition(p));
    }
    all.sort(Comparator.comparingLong(MemoryTopic.Entry::sequence));
    List<LogRecord> out = new ArrayList<>(all.size());
    for (MemoryTopic.Entry e : all) {
      out.add(e.record());
    }
    return out;
  }

  /** Keeps the data: a memory log lives as long as the JVM (or the test that made it). */
  @Override
  public void close() {}

  synchronized long append(
      TopicPartition tp, byte[] key, byte[] value, long timestamp, List<LogHeader> headers) {
    List<MemoryTopic.Entry> partition = partition(tp);
    long offset = partition.size();
    partition.add(
        new MemoryTopic.Entry(
            new LogRecord(tp.topic(), tp.partition(), offset, timestamp, key, value, headers),
            nextSequence++));
    notifyAll();
    return offset;
  }

  synchronized List<MemoryTopic.Entry> partition(TopicPartition tp) {
    MemoryTopic topic = topic(tp.topic());
    if (tp.partition() >= topic.spec().partitions()) {
      throw new LogException(
          "partition "
              + tp
              + " does not exist: topic '"
              + tp.topic()
              + "' has "
              + topic.spec().partitions()
              + " partitions");
    }
    return topic.partition(tp.partition());
  }

  synchronized MemoryTopic topic(String name) {
    MemoryTopic topic = topics.get(name);
    if (topic == null) {
      throw new LogException("topic '" + name + "' does not exist; create it first");
    }
    return topic;
  }

  synchronized MemoryGroup group(String groupId) {
    return groups.computeIfAbsent(groupId, id -> new MemoryGroup(this));
  }
}
