package io.runnel.connect.internal;

import io.runnel.connect.ConnectException;
import io.runnel.connect.Converter;
import io.runnel.connect.SourceRecord;
import io.runnel.connect.SourceTask;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a {@link SourceTask}: polls it, converts and sends its records, and every {@code
 * offset.flush.interval.ms} (and when stopping) waits for the log to acknowledge what was sent and
 * only then stores the latest source offset of each source partition. A poll that throws a {@link
 * io.runnel.connect.RetriableException} is repeated after a growing delay. A crash between the two
 * repeats records on restart; it never skips any.
 *
 * <p>Threading: everything but {@link #stop} runs on the task's thread, which owns the producer.
 */
public final class SourceTaskRunner extends TaskRunner {
  private final SourceTask task;
  private final Map<String, String> taskConfig;
  private final Log log;
  private final TopicCreator topics;
  private final SourceOffsetStore offsets;
  private final Converter keyConverter;
  private final Converter valueConverter;
  private final long flushIntervalMs;
  private final long pollMs;

  private final Map<Map<String, ?>, Map<String, ?>> pendingOffsets = new LinkedHashMap<>();
  private final List<CompletableFuture<Long>> pendingAcks = new ArrayList<>();
  private int roundRobin;

  /** A runner of {@code task}; see {@link TaskRunner} for the lifecycle. */
  public SourceTaskRunner(
      String connector,
      int taskId,
      SourceTask task,
      Map<String, String> taskConfig,
      Log log,
      TopicCreator topics,
      SourceOffsetStore offsets,
      Converter keyConverter,
      Converter valueConverter,
      long flushIntervalMs,
      long pollMs,
      long retryDelayMaxMs) {
    super(connector, taskId, retryDelayMaxMs);
    this.task = task;
    this.taskConfig = Map.copyOf(taskConfig);
    this.log = log;
    this.topics = topics;
    this.offsets = offsets;
    this.keyConverter = keyConverter;
    this.valueConverter = valueConverter;
    this.flushIntervalMs = flushIntervalMs;
    this.pollMs = pollMs;
  }

  @Override
  protected void runTask() {
    task.initialize(partition -> offsets.offset(connector(), partition));
    task.start(taskConfig);
    try (LogProducer producer = log.newProducer()) {
      try {
        long nextCommit = System.currentTimeMillis() + flushIntervalMs;
        while (!stopping()) {
          List<SourceRecord> records = retrying("poll", task::poll).orElse(List.of());
          for (SourceRecord record : records) {
            send(producer, record);
          }
          if (System.currentTimeMillis() >= nextCommit) {
            commit(producer);
            nextCommit = System.currentTimeMillis() + flushIntervalMs;
          }
          if (records.isEmpty()) {
            idle(pollMs);
          }
        }
        commit(producer);
      } finally {
        task.stop();
      }
    }
  }

  private void send(LogProducer producer, SourceRecord record) {
    byte[] key = keyConverter.fromConnectData(record.topic(), record.key());
    byte[] value = valueConverter.fromConnectData(record.topic(), record.value());
    int count = topics.partitions(record.topic());
    int partition =
        key == null ? Math.floorMod(roundRobin++, count) : KeyPartitioner.partition(key, count);
    long timestamp = record.timestamp() == null ? System.currentTimeMillis() : record.timestamp();
    pendingAcks.add(
        producer.send(new TopicPartition(record.topic(), partition), key, value, timestamp));
    // Re-inserting moves the partition last, so offsets are stored in the order they were reached.
    pendingOffsets.remove(record.sourcePartition());
    pendingOffsets.put(record.sourcePartition(), record.sourceOffset());
  }

  /** Waits for every sent record's acknowledgement, then stores the offsets they reached. */
  private void commit(LogProducer producer) {
    if (pendingAcks.isEmpty() && pendingOffsets.isEmpty()) {
      return;
    }
    producer.flush();
    try {
      CompletableFuture.allOf(pendingAcks.toArray(new CompletableFuture<?>[0])).join();
    } catch (CompletionException e) {
      throw new ConnectException(
          "the log did not acknowledge records of task " + id() + "; their offsets are not stored",
          e.getCause());
    }
    offsets.write(connector(), pendingOffsets);
    pendingAcks.clear();
    pendingOffsets.clear();
  }
}
