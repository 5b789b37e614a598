package io.runnel.connect.internal;

import io.runnel.connect.ConnectException;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogHeader;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Records sent since the last commit, kept until the log acknowledged all of them, so that those
 * the log failed can be sent again. A record sent again may land after records sent later to the
 * same partition, and a record the log stored but reported as failed is repeated: delivery stays
 * at least once.
 *
 * <p>Not thread-safe: owned by one task's thread.
 */
final class PendingSends {
  private static final class Entry {
    final TopicPartition partition;
    final byte[] key;
    final byte[] value;
    final long timestamp;
    final List<LogHeader> headers;
    CompletableFuture<Long> ack;
    boolean failed;

    Entry(
        TopicPartition partition,
        byte[] key,
        byte[] value,
        long timestamp,
        List<LogHeader> headers) {
      this.partition = partition;
      this.key = key;
      this.value = value;
      this.timestamp = timestamp;
      this.headers = headers;
    }

    void send(LogProducer producer) {
      failed = false;
      ack = producer.send(partition, key, value, timestamp, headers);
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** Sends a record and keeps it until {@link #awaitAll} saw it acknowledged. */
  void send(
      LogProducer producer,
      TopicPartition partition,
      byte[] key,
      byte[] value,
      long timestamp,
      List<LogHeader> headers) {
    Entry entry = new Entry(partition, key, value, timestamp, headers);
    entry.send(producer);
    entries.add(entry);
  }

  /** True if nothing is waiting for an acknowledgement. */
  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Sends again what failed at the previous call, flushes the producer and waits for every
   * acknowledgement; forgets the records once all are acknowledged.
   *
   * @throws LogException if the log failed any of them (they are sent again at the next call)
   * @throws ConnectException if a send failed otherwise
   */
  void awaitAll(LogProducer producer) {
    for (Entry entry : entries) {
      if (entry.failed) {
        entry.send(producer);
      }
    }
    producer.flush();
    RuntimeException first = null;
    int failures = 0;
    for (Entry entry : entries) {
      try {
        entry.ack.join();
      } catch (CompletionException | CancellationException e) {
        entry.failed = true;
        failures++;
        if (first == null) {
          first = e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
      }
    }
    if (first instanceof LogException) {
      throw new LogException(
          "the log did not acknowledge " + failures + " records: " + first.getMessage(), first);
    } else if (first != null) {
      throw new ConnectException("sending " + failures + " records failed: " + first, first);
    }
    entries.clear();
  }
}
