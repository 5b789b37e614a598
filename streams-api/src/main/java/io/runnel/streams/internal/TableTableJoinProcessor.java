package io.runnel.streams.internal;

import io.runnel.state.KeyValueStore;
import io.runnel.state.Stores;
import io.runnel.streams.ValueJoiner;

/**
 * One side of a table-table join: on a change of this side's key, looks up the other side's current
 * value in its store and forwards the change of the joined row, {@code joiner(left, right)} before
 * and after (null where the {@link JoinType} has no row). Both sides' processors feed one
 * downstream node, so the joined table is the merge of their changes. A change that leaves the
 * joined row absent before and after forwards nothing.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class TableTableJoinProcessor implements Processor {
  private final KeyValueStore<Object, Object> other;
  private final ValueJoiner<Object, Object, Object> joiner;
  private final JoinType type;
  private final boolean thisIsLeft;
  private final Downstream out;

  private TableTableJoinProcessor(
      TaskContext task,
      TableInfo other,
      ValueJoiner<Object, Object, Object> joiner,
      JoinType type,
      boolean thisIsLeft,
      Downstream out) {
    this.other =
        Stores.typed(
            task.storeStack(other.storeName()).store(),
            task.keySerde(other.keySerde()),
            task.valueSerde(other.valueSerde()));
    this.joiner = joiner;
    this.type = type;
    this.thisIsLeft = thisIsLeft;
    this.out = out;
  }

  /**
   * A factory for one side.
   *
   * @param other the other side's table (which must have a key-value store)
   * @param thisIsLeft whether this processor sees the left (this) table's changes
   */
  static ProcessorFactory factory(
      TableInfo other, ValueJoiner<?, ?, ?> joiner, JoinType type, boolean thisIsLeft) {
    return new NodeSpecs.TableTableJoin(
        other.storeName(), other.keySerde(), other.valueSerde(), joiner, type, thisIsLeft);
  }

  static Processor create(TaskContext task, NodeSpecs.TableTableJoin spec, Downstream out) {
    return new TableTableJoinProcessor(
        task,
        new TableInfo(spec.otherStore(), spec.otherKeySerde(), spec.otherValueSerde(), -1),
        Casts.cast(spec.joiner()),
        spec.type(),
        spec.thisIsLeft(),
        out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    Change change = (Change) value;
    Object otherValue = other.get(key);
    Object before = joined(change.oldValue(), otherValue);
    Object after = joined(change.newValue(), otherValue);
    if (before != null || after != null) {
      out.forward(key, new Change(before, after), timestamp);
    }
  }

  private Object joined(Object mine, Object theirs) {
    Object left = thisIsLeft ? mine : theirs;
    Object right = thisIsLeft ? theirs : mine;
    return type.emits(left, right) ? joiner.apply(left, right) : null;
  }
}
