package io.runnel.streams.log;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads records from partitions, either assigned by hand ({@link #assign}) or by the group ({@link
 * #subscribe}); never both. A partition without a committed offset starts at its earliest record.
 *
 * <p>Not thread-safe: one thread calls every method, and rebalance callbacks run on it inside
 * {@link #poll}.
 */
public interface LogConsumer extends AutoCloseable {

  /** Reads exactly {@code partitions} (replacing any earlier assignment), outside any group. */
  void assign(Collection<TopicPartition> partitions);

  /**
   * Joins the consumer's group for {@code topics}; the group decides which partitions this member
   * reads and tells {@code listener} inside {@link #poll}. The group assigns tasks: task {@code i} is
   * partition {@code i} of every subscribed topic and goes whole to one member; tasks are balanced
   * over the members and stay with a member that claims them where the balance allows ({@link
   * TaskAssignor}). Rebalances are eager: every member gives up all its partitions before any
   * member gets its new ones.
   *
   * @throws IllegalStateException if the consumer was created without a group id
   */
  void subscribe(Collection<String> topics, RebalanceListener listener);

  /**
   * Every member's tasks and endpoint as of the latest assignment this member received; empty
   * before the first one and for a consumer that did not subscribe.
   */
  List<TaskOwner> groupTasks();

  /** The partitions this consumer reads now. */
  Set<TopicPartition> assignment();

  /**
   * Records from the assigned partitions, in offset order per partition; waits up to {@code
   * timeout} when none are available. An empty list is a normal outcome.
   */
  List<LogRecord> poll(Duration timeout);

  /** Makes {@code offset} the next offset read from {@code partition} (which must be assigned). */
  void seek(TopicPartition partition, long offset);

  /** The next offset that will be read from an assigned {@code partition}. */
  long position(TopicPartition partition);

  /**
   * The group's committed offsets (the next offset to read) of {@code partitions} that have one.
   */
  Map<TopicPartition, Long> committed(Set<TopicPartition> partitions);

  /** Commits, for the group, the next offset to read of each partition, synchronously. */
  void commit(Map<TopicPartition, Long> offsets);

  /** The log end offset (one past the last record) of each partition. */
  Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

  /** Leaves the group, if any, and releases the consumer. */
  @Override
  void close();
}
