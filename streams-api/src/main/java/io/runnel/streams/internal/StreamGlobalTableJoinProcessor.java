package io.runnel.streams.internal;

import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.streams.ValueJoiner;
import java.util.function.BiFunction;

/**
 * Joins each stream record with a global table's row of the key its key selector computes, looked
 * up in the instance's global store (which holds every partition, so no repartitioning). The result
 * keeps the stream record's key and timestamp. Inner: no row (or a null selected key) produces
 * nothing. Left: it produces {@code joiner(value, null)}. Records with a null value are skipped.
 *
 * <p>Not thread-safe: the task's stream thread only; the global store it reads is written by the
 * global thread.
 */
final class StreamGlobalTableJoinProcessor implements Processor {
  private final TaskContext task;
  private final GlobalTableDef table;
  private final BiFunction<Object, Object, Object> keySelector;
  private final ValueJoiner<Object, Object, Object> joiner;
  private final boolean left;
  private final Downstream out;
  private KeyValueStore<Object, Object> store;

  private StreamGlobalTableJoinProcessor(
      TaskContext task,
      GlobalTableDef table,
      BiFunction<Object, Object, Object> keySelector,
      ValueJoiner<Object, Object, Object> joiner,
      boolean left,
      Downstream out) {
    this.task = task;
    this.table = table;
    this.keySelector = keySelector;
    this.joiner = joiner;
    this.left = left;
    this.out = out;
  }

  /** A factory for an inner or left join with the global table {@code table}. */
  static ProcessorFactory factory(
      GlobalTableDef table,
      BiFunction<?, ?, ?> keySelector,
      ValueJoiner<?, ?, ?> joiner,
      JoinType type) {
    if (type == JoinType.OUTER) {
      throw new IllegalArgumentException("a stream-global table join is inner or left, not outer");
    }
    return (task, out) ->
        new StreamGlobalTableJoinProcessor(
            task, table, Casts.cast(keySelector), Casts.cast(joiner), type == JoinType.LEFT, out);
  }

  @Override
  public void init() {
    // The global stores are handed to the task after it was built, before its processors start.
    store =
        Stores.typed(
            task.globalStores().store(table.storeName()),
            task.keySerde(table.keySerde()),
            task.valueSerde(table.valueSerde()));
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (value == null) {
      return;
    }
    Object tableKey = keySelector.apply(key, value);
    Object tableValue = tableKey == null ? null : store.get(tableKey);
    if (tableValue != null || left) {
      out.forward(key, joiner.apply(value, tableValue), timestamp);
    }
  }
}
