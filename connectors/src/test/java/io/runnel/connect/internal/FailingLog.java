package io.runnel.connect.internal;

import io.runnel.streams.log.GroupMember;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TaskOwner;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory log whose sends, polls and commits fail with a {@link LogException} (as a broker that is
 * unreachable does) while their failure counters are above zero. A failed send appends nothing.
 * Thread-safe.
 */
final class FailingLog implements Log {
  final MemoryLog delegate = new MemoryLog();
  final AtomicInteger sendFailures = new AtomicInteger();
  final AtomicInteger pollFailures = new AtomicInteger();
  final AtomicInteger commitFailures = new AtomicInteger();

  private static boolean take(AtomicInteger failures) {
    return failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  @Override
  public boolean createTopic(TopicSpec topic) {
    return delegate.createTopic(topic);
  }

  @Override
  public Optional<TopicSpec> describeTopic(String name) {
    return delegate.describeTopic(name);
  }

  @Override
  public LogProducer newProducer() {
    LogProducer producer = delegate.newProducer();
    return new LogProducer() {
      @Override
      public CompletableFuture<Long> send(
          TopicPartition partition,
          byte[] key,
          byte[] value,
          long timestamp,
          List<LogHeader> headers) {
        if (take(sendFailures)) {
          return CompletableFuture.failedFuture(
              new LogException("cannot append to " + partition + ": broker unreachable"));
        }
        return producer.send(partition, key, value, timestamp, headers);
      }

      @Override
      public void flush() {
        producer.flush();
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  @Override
  public LogConsumer newConsumer(String groupId, GroupMember member) {
    LogConsumer consumer = delegate.newConsumer(groupId, member);
    return new LogConsumer() {
      @Override
      public List<TaskOwner> groupTasks() {
        return consumer.groupTasks();
      }

      @Override
      public void assign(Collection<TopicPartition> partitions) {
        consumer.assign(partitions);
      }

      @Override
      public void subscribe(Collection<String> topics, RebalanceListener listener) {
        consumer.subscribe(topics, listener);
      }

      @Override
      public Set<TopicPartition> assignment() {
        return consumer.assignment();
      }

      @Override
      public List<LogRecord> poll(Duration timeout) {
        if (take(pollFailures)) {
          throw new LogException("cannot fetch: broker unreachable");
        }
        return consumer.poll(timeout);
      }

      @Override
      public void seek(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
      }

      @Override
      public long position(TopicPartition partition) {
        return consumer.position(partition);
      }

      @Override
      public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
        return consumer.committed(partitions);
      }

      @Override
      public void commit(Map<TopicPartition, Long> offsets) {
        if (take(commitFailures)) {
          throw new LogException("cannot commit " + offsets + ": coordinator unreachable");
        }
        consumer.commit(offsets);
      }

      @Override
      public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return consumer.endOffsets(partitions);
      }

      @Override
      public void close() {
        consumer.close();
      }
    };
  }

  @Override
  public void close() {}
}
