package io.runnel.streams.internal;

import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.streams.ValueJoiner;

/**
 * Joins each stream record with the table's current value of its key, looked up in the table's
 * store (cache included). Only stream records trigger results; table updates only change what later
 * records see. Inner: records whose key is not in the table produce nothing. Left: they produce
 * {@code joiner(value, null)}. Stream records with a null key or value are skipped.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class StreamTableJoinProcessor implements Processor {
  private final KeyValueStore<Object, Object> table;
  private final ValueJoiner<Object, Object, Object> joiner;
  private final boolean left;
  private final Downstream out;

  private StreamTableJoinProcessor(
      TaskContext task,
      TableInfo table,
      ValueJoiner<Object, Object, Object> joiner,
      boolean left,
      Downstream out) {
    this.table =
        Stores.typed(
            task.storeStack(table.storeName()).store(),
            task.keySerde(table.keySerde()),
            task.valueSerde(table.valueSerde()));
    this.joiner = joiner;
    this.left = left;
    this.out = out;
  }

  /** A factory for a join with the table {@code table} (which must have a key-value store). */
  static ProcessorFactory factory(TableInfo table, ValueJoiner<?, ?, ?> joiner, JoinType type) {
    if (type == JoinType.OUTER) {
      throw new IllegalArgumentException("a stream-table join is inner or left, not outer");
    }
    return new NodeSpecs.StreamTableJoin(
        table.storeName(), table.keySerde(), table.valueSerde(), joiner, type == JoinType.LEFT);
  }

  static Processor create(TaskContext task, NodeSpecs.StreamTableJoin spec, Downstream out) {
    return new StreamTableJoinProcessor(
        task,
        new TableInfo(spec.tableStore(), spec.tableKeySerde(), spec.tableValueSerde(), -1),
        Casts.cast(spec.joiner()),
        spec.left(),
        out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null || value == null) {
      return;
    }
    Object tableValue = table.get(key);
    if (tableValue != null || left) {
      out.forward(key, joiner.apply(value, tableValue), timestamp);
    }
  }
}
