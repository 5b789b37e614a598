package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.state.serde.Serde;

/**
 * Folds records into a key-value store (count, reduce, aggregate) and forwards each key's {@link
 * Change}: when the store's record cache writes the key down (on commit or eviction; once per key
 * in between), or at once when the cache is off. Records with a null key or value are skipped, as
 * in Kafka Streams.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class AggregateProcessor implements Processor {
  private final KeyValueStore<Object, Object> store;
  private final Aggregation aggregation;
  private final Downstream out;
  private final boolean emitOnWrite;

  private AggregateProcessor(
      TaskContext task, StoreDef def, Aggregation aggregation, Downstream out) {
    StoreStack stack = task.storeStack(def.name());
    Serde<Object> keySerde = task.keySerde(def.keySerde());
    Serde<Object> valueSerde = task.valueSerde(def.valueSerde());
    this.store = Stores.typed(stack.store(), keySerde, valueSerde);
    this.aggregation = aggregation;
    this.out = out;
    this.emitOnWrite = !stack.cached();
    stack.onFlush(
        (Bytes key, byte[] newValue, byte[] oldValue) ->
            out.forward(
                keySerde.deserialize(key.get()),
                new Change(valueSerde.deserialize(oldValue), valueSerde.deserialize(newValue)),
                task.timestamp()));
  }

  /** A factory for an aggregation into the store {@code def}. */
  static ProcessorFactory factory(StoreDef def, Aggregation aggregation) {
    return new NodeSpecs.Aggregate(def, aggregation);
  }

  static Processor create(TaskContext task, StoreDef def, Aggregation aggregation, Downstream out) {
    return new AggregateProcessor(task, def, aggregation, out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null || value == null) {
      return;
    }
    Object old = store.get(key);
    Object updated = aggregation.apply(key, value, old);
    store.put(key, updated);
    if (emitOnWrite) {
      out.forward(key, new Change(old, updated), timestamp);
    }
  }
}
