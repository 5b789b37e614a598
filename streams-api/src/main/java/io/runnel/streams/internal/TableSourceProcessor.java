package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.state.serde.Serde;

/**
 * Materializes a topic read as a table ({@code StreamsBuilder.table}) into a key-value store: each
 * record upserts its key, a null value deletes it. Forwards each key's {@link Change} as an
 * aggregation does: when the record cache writes it down, or at once with the cache off. Records
 * with a null key are skipped.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class TableSourceProcessor implements Processor {
  private final KeyValueStore<Object, Object> store;
  private final Downstream out;
  private final boolean emitOnWrite;

  private TableSourceProcessor(TaskContext task, StoreDef def, Downstream out) {
    StoreStack stack = task.storeStack(def.name());
    Serde<Object> keySerde = task.keySerde(def.keySerde());
    Serde<Object> valueSerde = task.valueSerde(def.valueSerde());
    this.store = Stores.typed(stack.store(), keySerde, valueSerde);
    this.out = out;
    this.emitOnWrite = !stack.cached();
    stack.onFlush(
        (Bytes key, byte[] newValue, byte[] oldValue) ->
            out.forward(
                keySerde.deserialize(key.get()),
                new Change(valueSerde.deserialize(oldValue), valueSerde.deserialize(newValue)),
                task.timestamp()));
  }

  /** A factory for a table held in the store {@code def}. */
  static ProcessorFactory factory(StoreDef def) {
    return (task, out) -> new TableSourceProcessor(task, def, out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null) {
      return;
    }
    Object old = value == null ? store.delete(key) : store.get(key);
    if (value != null) {
      store.put(key, value);
    }
    if (emitOnWrite && (old != null || value != null)) {
      out.forward(key, new Change(old, value), timestamp);
    }
  }
}
