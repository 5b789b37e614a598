package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.LogProducer;
import java.util.Map;

/**
 * What a task's processors may use: its partition, stores, default serdes, the producer and the
 * partition counts of the topics they write, and the timestamp of the record being processed.
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
  private long timestamp;

  TaskContext(
      int partition,
      String applicationId,
      Serde<?> defaultKeySerde,
      Serde<?> defaultValueSerde,
      LogProducer producer,
      SendFailures failures,
      Map<String, Integer> topicPartitions,
      Map<String, StoreStack> stores) {
    this.partition = partition;
    this.applicationId = applicationId;
    this.defaultKeySerde = defaultKeySerde;
    this.defaultValueSerde = defaultValueSerde;
    this.producer = producer;
    this.failures = failures;
    this.topicPartitions = topicPartitions;
    this.stores = stores;
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
}
