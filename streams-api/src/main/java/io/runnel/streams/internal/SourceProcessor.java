package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;

/**
 * Deserializes a topic's records and forwards them. Receives {@code byte[]} key and value from the
 * task. Not thread-safe: the task's stream thread only.
 */
final class SourceProcessor implements Processor {
  private final Serde<Object> keySerde;
  private final Serde<Object> valueSerde;
  private final Downstream out;

  SourceProcessor(Serde<Object> keySerde, Serde<Object> valueSerde, Downstream out) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.out = out;
  }

  /** A factory for a source with these serdes (null for the defaults). */
  static ProcessorFactory factory(Serde<?> keySerde, Serde<?> valueSerde) {
    return (task, out) ->
        new SourceProcessor(task.keySerde(keySerde), task.valueSerde(valueSerde), out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    out.forward(
        keySerde.deserialize((byte[]) key), valueSerde.deserialize((byte[]) value), timestamp);
  }
}
