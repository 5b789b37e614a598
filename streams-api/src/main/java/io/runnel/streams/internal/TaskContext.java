package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.LogProducer;
import java.util.Map;

/**
 * What a task's processors may use: its partition, stores, default serdes, the producer and the
 * partition counts of the topics they write, the timestamp of the record being processed, the
 * task's stream time and the thread's metrics.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
public final class TaskContext {
  private final int partition;
  private final String applicationId;
  private final Serde<?> defaultKeySerde;
  private final Serde<?> defaultValueSerde;
  private final LogProducer producer;
  private final SendFailures failures;
  private final Map<String, Integer> topicPartitions;
  private final Map<String, StoreStack> stores;
  private final StreamMetrics metrics;
  private long timestamp;
  private long streamTime = -1;

  TaskContext(
      int partition,
      String applicationId,
      Serde<?> defaultKeySerde,
      Serde<?> defaultValueSerde,
      LogProducer producer,
      SendFailures failures,
      Map<String, Integer> topicPartitions,
      Map<String, StoreStack> stores,
      StreamMetrics metrics) {
    this.partition = partition;
    this.applicationId = applicationId;
    this.defaultKeySerde = defaultKeySerde;
    this.defaultValueSerde = defaultValueSerde;
    this.producer = producer;
    this.failures = failures;
    this.topicPartitions = topicPartitions;
    this.stores = stores;
    this.metrics = metrics;
  }

  /** The task's partition number. */
  public int partition() {
    return partition;
  }

  /** {@code topic}, prefixed with {@code <application.id>-} if it is internal. */
  public String topicName(String topic, boolean internal) {
    return internal ? applicationId + "-" + topic : topic;
  }

  /** {@code serde}, or the configured default key serde if it is null. */
  public Serde<Object> keySerde(Serde<?> serde) {
    return Casts.cast(serde != null ? serde : defaultKeySerde);
  }

  /** {@code serde}, or the configured default value serde if it is null. */
  public Serde<Object> valueSerde(Serde<?> serde) {
    return Casts.cast(serde != null ? serde : defaultValueSerde);
  }

  /** The producer of the task's stream thread. */
  public LogProducer producer() {
    return producer;
  }

  /** Where asynchronous send failures are recorded. */
  public SendFailures failures() {
    return failures;
  }

  /** The partition count of a topic the topology writes (resolved name). */
  public int partitionsOf(String topic) {
    Integer count = topicPartitions.get(topic);
    if (count == null) {
      throw new StreamsException("sink topic '" + topic + "' does not exist; create it first");
    }
    return count;
  }

  StoreStack storeStack(String name) {
    StoreStack store = stores.get(name);
    if (store == null) {
      throw new StreamsException("task " + partition + " has no state store '" + name + "'");
    }
    return store;
  }

  /** The timestamp of the record being processed, epoch milliseconds. */
  public long timestamp() {
    return timestamp;
  }

  void timestamp(long timestamp) {
    this.timestamp = timestamp;
  }

  /**
   * The task's stream time: the largest record timestamp (after timestamp extraction) it has
   * processed, or -1 before the first record. Not persisted: after a restart it starts again.
   */
  public long streamTime() {
    return streamTime;
  }

  /** Sets the current record's timestamp and advances stream time to it if it is larger. */
  void observe(long timestamp) {
    this.timestamp = timestamp;
    if (timestamp > streamTime) {
      streamTime = timestamp;
    }
  }

  /** The counters of the task's stream thread. */
  public StreamMetrics metrics() {
    return metrics;
  }
}
