package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsException;
import io.runnel.streams.TopicNameExtractor;
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
  private final TopicNameExtractor<Object, Object> extractor;

  private SinkProcessor(
      TaskContext task,
      String topic,
      Serde<Object> keySerde,
      Serde<Object> valueSerde,
      boolean dropNullKeys,
      TopicNameExtractor<Object, Object> extractor) {
    this.task = task;
    this.topic = topic;
    this.partitions = topic == null ? 0 : task.partitionsOf(topic);
    this.extractor = extractor;
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
    return new NodeSpecs.Sink(topic, internal, keySerde, valueSerde);
  }

  static Processor create(TaskContext task, NodeSpecs.Sink spec) {
    return new SinkProcessor(
        task,
        task.topicName(spec.topic(), spec.internal()),
        task.keySerde(spec.keySerde()),
        task.valueSerde(spec.valueSerde()),
        spec.internal(),
        null);
  }

  /** A factory for a sink writing each record to the topic {@code extractor} names. */
  static ProcessorFactory dynamic(
      TopicNameExtractor<?, ?> extractor, Serde<?> keySerde, Serde<?> valueSerde) {
    return (task, out) ->
        new SinkProcessor(
            task,
            null,
            task.keySerde(keySerde),
            task.valueSerde(valueSerde),
            false,
            Casts.cast(extractor));
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    byte[] keyBytes = keySerde.serialize(key);
    if (keyBytes == null && dropNullKeys) {
      return;
    }
    String target = topic;
    int count = partitions;
    if (extractor != null) {
      target = extractor.extract(key, value);
      if (target == null) {
        throw new StreamsException("the TopicNameExtractor returned no topic for key " + key);
      }
      count = task.partitionsOf(target);
    }
    int partition =
        keyBytes == null ? task.partition() % count : KeyPartitioner.partition(keyBytes, count);
    task.producer()
        .send(
            new TopicPartition(target, partition), keyBytes, valueSerde.serialize(value), timestamp)
        .whenComplete(
            (offset, error) -> {
              if (error != null) {
                task.failures().record(error);
              }
            });
  }
}
