package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.ErrorContext;
import io.runnel.streams.ErrorResponse;
import io.runnel.streams.StreamsException;
import io.runnel.streams.TimestampExtractor;

/**
 * Deserializes a topic's records, gives each its event time (the log timestamp, or what the
 * source's {@link TimestampExtractor} says), advances the task's stream time and forwards them.
 * Receives {@code byte[]} key and value from the task. Not thread-safe: the task's stream thread
 * only.
 */
final class SourceProcessor implements Processor {
  private final TaskContext task;
  private final Serde<Object> keySerde;
  private final Serde<Object> valueSerde;
  private final TimestampExtractor<Object, Object> extractor;
  private final Downstream out;

  private SourceProcessor(
      TaskContext task,
      Serde<Object> keySerde,
      Serde<Object> valueSerde,
      TimestampExtractor<Object, Object> extractor,
      Downstream out) {
    this.task = task;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.extractor = extractor;
    this.out = out;
  }

  /** A factory for a source with these serdes (null for the defaults) and the log timestamp. */
  static ProcessorFactory factory(Serde<?> keySerde, Serde<?> valueSerde) {
    return factory(keySerde, valueSerde, null);
  }

  /**
   * A factory for a source with these serdes (null for the defaults).
   *
   * @param extractor the event time of each record, or null for the log timestamp
   */
  static ProcessorFactory factory(
      Serde<?> keySerde, Serde<?> valueSerde, TimestampExtractor<?, ?> extractor) {
    return new NodeSpecs.Source(keySerde, valueSerde, extractor);
  }

  static Processor create(TaskContext task, NodeSpecs.Source spec, Downstream out) {
    return new SourceProcessor(
        task,
        task.keySerde(spec.keySerde()),
        task.valueSerde(spec.valueSerde()),
        Casts.cast(spec.extractor()),
        out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    Object k;
    Object v;
    try {
      k = keySerde.deserialize((byte[]) key);
      v = valueSerde.deserialize((byte[]) value);
    } catch (RuntimeException e) {
      ErrorContext where = task.errorContext();
      ErrorResponse response =
          task.deserializationHandler().handle(where, (byte[]) key, (byte[]) value, e);
      if (response == ErrorResponse.CONTINUE) {
        task.metrics().recordSkipped();
        return;
      }
      throw new DeserializationFailure(
          "cannot deserialize the record at " + where.describe() + ": " + e, e);
    }
    long eventTime = extractor == null ? timestamp : extractor.extract(k, v, timestamp);
    if (eventTime < 0) {
      throw new StreamsException(
          "timestamp extractor returned a negative timestamp "
              + eventTime
              + " for key "
              + k
              + "; event times must be epoch milliseconds >= 0");
    }
    task.observe(eventTime);
    out.forward(k, v, eventTime);
  }
}
