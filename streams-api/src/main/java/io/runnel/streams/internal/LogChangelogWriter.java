package io.runnel.streams.internal;

import io.runnel.state.changelog.ChangelogWriter;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store's changelog partition over the Log SPI's producer. The highest acknowledged offset is
 * tracked from the send callbacks; {@link #flush()} flushes the (shared) producer and returns it.
 *
 * <p>Called by the task's stream thread; callbacks may run on the producer's I/O thread.
 */
final class LogChangelogWriter implements ChangelogWriter {
  private final LogProducer producer;
  private final TopicPartition partition;
  private final SendFailures failures;
  private final AtomicLong lastAcked = new AtomicLong(-1);

  LogChangelogWriter(LogProducer producer, TopicPartition partition, SendFailures failures) {
    this.producer = producer;
    this.partition = partition;
    this.failures = failures;
  }

  /** Starts from the offset the store was restored to. */
  void restoredTo(long offset) {
    lastAcked.accumulateAndGet(offset, Math::max);
  }

  @Override
  public void send(byte[] key, byte[] valueOrNull, long timestamp) {
    producer
        .send(partition, key, valueOrNull, timestamp)
        .whenComplete(
            (offset, error) -> {
              if (error != null) {
                failures.record(error);
              } else {
                lastAcked.accumulateAndGet(offset, Math::max);
              }
            });
  }

  @Override
  public long flush() {
    producer.flush();
    failures.check();
    return lastAcked.get();
  }
}
