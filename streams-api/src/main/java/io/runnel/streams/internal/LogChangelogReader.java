package io.runnel.streams.internal;

import io.runnel.state.changelog.ChangelogReader;
import io.runnel.state.changelog.ChangelogRecord;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads one changelog partition for restore through a consumer assigned to it alone (the stream
 * thread's restore consumer, outside any group). Records polled beyond a batch are kept for the
 * next read.
 *
 * <p>Used by the restoring thread only.
 */
final class LogChangelogReader implements ChangelogReader {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long MAX_WAIT_NANOS = Duration.ofSeconds(30).toNanos();

  private final LogConsumer consumer;
  private final TopicPartition partition;
  private final Deque<LogRecord> buffered = new ArrayDeque<>();

  LogChangelogReader(LogConsumer consumer, TopicPartition partition) {
    this.consumer = consumer;
    this.partition = partition;
    consumer.assign(List.of(partition));
  }

  @Override
  public long endOffset() {
    return consumer.endOffsets(List.of(partition)).get(partition);
  }

  @Override
  public List<ChangelogRecord> read(long fromOffset, long endOffset, int maxRecords) {
    while (!buffered.isEmpty() && buffered.peekFirst().offset() < fromOffset) {
      buffered.removeFirst();
    }
    if (buffered.isEmpty() && consumer.position(partition) != fromOffset) {
      consumer.seek(partition, fromOffset);
    }
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    while (buffered.isEmpty() && consumer.position(partition) < endOffset) {
      buffered.addAll(consumer.poll(POLL));
      if (System.nanoTime() > deadline) {
        throw new StreamsException(
            "restore of changelog "
                + partition
                + " got no records at offset "
                + consumer.position(partition)
                + " of "
                + endOffset
                + " within 30 s");
      }
    }
    List<ChangelogRecord> out = new ArrayList<>();
    while (!buffered.isEmpty()
        && out.size() < maxRecords
        && buffered.peekFirst().offset() < endOffset) {
      LogRecord r = buffered.removeFirst();
      out.add(new ChangelogRecord(r.offset(), r.key(), r.value(), r.timestamp()));
    }
    return out;
  }
}
