package io.runnel.streams.log.memory;

import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Appends to a {@link MemoryLog} synchronously: the returned future is already complete, so {@link
 * #flush()} has nothing to wait for. Thread-safe.
 */
final class MemoryProducer implements LogProducer {
  private final MemoryLog log;

  MemoryProducer(MemoryLog log) {
    this.log = log;
  }

  @Override
  public CompletableFuture<Long> send(
      TopicPartition partition, byte[] key, byte[] value, long timestamp, List<LogHeader> headers) {
    try {
      return CompletableFuture.completedFuture(
          log.append(partition, key, value, timestamp, headers));
    } catch (LogException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
