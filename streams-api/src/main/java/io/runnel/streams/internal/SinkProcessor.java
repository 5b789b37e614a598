package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.TopicPartition;

/**
 * Serializes records and sends them to a topic, partitioned by {@link KeyPartitioner} (murmur2 of
 * the serialized key, as Kafka). A record without a key goes to the task's partition modulo the
 * topic's partition count; a repartition sink drops it (it has no group). Not thread-safe: the
 * task's stream thread only.
 */
final class SinkProcessor implements Processor {
  private final TaskContext task;
  private final String topic;
  private final int partitions;
  private final Serde<Object> keySerde;
  private final Serde<Object> valueSerde;
  private final boolean dropNullKeys;

  private SinkProcessor(
      TaskContext task,
      String topic,
      Serde<Object> keySerde,
      Serde<Object> valueSerde,
      boolean dropNullKeys) {
    this.task = task;
    this.topic = topic;
    this.partitions = task.partitionsOf(topic);
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.dropNullKeys = dropNullKeys;
  }

  /**
   * A factory for a sink.
   *
   * @param topic the topic, without the application id if {@code internal}
   * @param internal whether it is a repartition topic
   */
  static ProcessorFactory factory(
      String topic, boolean internal, Serde<?> keySerde, Serde<?> valueSerde) {
    return (task, out) ->
        new SinkProcessor(
            task,
            task.topicName(topic, internal),
            task.keySerde(keySerde),
            task.valueSerde(valueSerde),
            internal);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    byte[] keyBytes = keySerde.serialize(key);
    if (keyBytes == null && dropNullKeys) {
      return;
    }
    int partition =
        keyBytes == null
            ? task.partition() % partitions
            : KeyPartitioner.partition(keyBytes, partitions);
    task.producer()
        .send(
            new TopicPartition(topic, partition), keyBytes, valueSerde.serialize(value), timestamp)
        .whenComplete(
            (offset, error) -> {
              if (error != null) {
                task.failures().record(error);
              }
            });
  }
}
