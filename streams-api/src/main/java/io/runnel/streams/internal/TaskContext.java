package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.DeserializationExceptionHandler;
import io.runnel.streams.ErrorContext;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.LogProducer;
import java.util.Map;
import java.util.function.LongSupplier;

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
  private final TopicPartitionCounts topicPartitions;
  private final Map<String, StoreStack> stores;
  private final StreamMetrics metrics;
  private final DeserializationExceptionHandler deserializationHandler;
  private final LongSupplier wallClock;
  private final Punctuations punctuations = new Punctuations();
  private GlobalStores globalStores = GlobalStores.NONE;
  private long timestamp;
  private long streamTime = -1;
  private String recordTopic;
  private int recordPartition = -1;
  private long recordOffset = -1;

  TaskContext(
      int partition,
      String applicationId,
      Serde<?> defaultKeySerde,
      Serde<?> defaultValueSerde,
      LogProducer producer,
      SendFailures failures,
      TopicPartitionCounts topicPartitions,
      Map<String, StoreStack> stores,
      StreamMetrics metrics,
      DeserializationExceptionHandler deserializationHandler,
      LongSupplier wallClock) {
    this.partition = partition;
    this.applicationId = applicationId;
    this.defaultKeySerde = defaultKeySerde;
    this.defaultValueSerde = defaultValueSerde;
    this.producer = producer;
    this.failures = failures;
    this.topicPartitions = topicPartitions;
    this.stores = stores;
    this.metrics = metrics;
    this.deserializationHandler = deserializationHandler;
    this.wallClock = wallClock;
  }

  /** The stream thread's wall clock, epoch milliseconds. */
  public long wallClockMs() {
    return wallClock.getAsLong();
  }

  /** The punctuators scheduled by the task's processors. */
  Punctuations punctuations() {
    return punctuations;
  }

  /** The task's id, {@code 0_<partition>}. */
  public String taskId() {
    return "0_" + partition;
  }

  /** Remembers where the input record being processed is in the log. */
  void record(String topic, int partition, long offset) {
    this.recordTopic = topic;
    this.recordPartition = partition;
    this.recordOffset = offset;
  }

  /** The topic of the input record being processed, or null outside of processing. */
  public String recordTopic() {
    return recordTopic;
  }

  /** The partition of the input record being processed, or -1 outside of processing. */
  public int recordPartition() {
    return recordPartition;
  }

  /** The offset of the input record being processed, or -1 outside of processing. */
  public long recordOffset() {
    return recordOffset;
  }

  /** Where the input record being processed is, for error handlers. */
  public ErrorContext errorContext() {
    return new ErrorContext(taskId(), recordTopic, recordPartition, recordOffset);
  }

  /** The configured handler of records that cannot be deserialized. */
  public DeserializationExceptionHandler deserializationHandler() {
    return deserializationHandler;
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
    return topicPartitions.of(topic);
  }

  StoreStack storeStack(String name) {
    StoreStack store = stores.get(name);
    if (store == null) {
      throw new StreamsException("task " + partition + " has no state store '" + name + "'");
    }
    return store;
  }

  /** The instance's global stores (global tables), read-only for the task. */
  public GlobalStores globalStores() {
    return globalStores;
  }

  void globalStores(GlobalStores globalStores) {
    this.globalStores = globalStores;
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
