package io.runnel.streams.internal;

import io.runnel.state.Stores;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.TimeWindows;

/**
 * Folds records into the windows of a window store (windowed count, reduce, aggregate) and forwards
 * each window's {@link Change} under its {@link Windowed} key: when the record cache writes it down
 * (once per window and commit), or every update with the cache off ({@link WindowedEmission}).
 *
 * <p>A window {@code [start, end)} is closed once the task's stream time reaches {@code end +
 * grace}. A record is applied to each of its windows that is still open; a record all of whose
 * windows are closed is late: dropped and counted in {@code dropped-records-total}. Records with a
 * null key or value are skipped, as in Kafka Streams.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class WindowAggregateProcessor implements Processor {
  private final TaskContext task;
  private final WindowStore<Object, Object> store;
  private final TimeWindows windows;
  private final Aggregation aggregation;
  private final Downstream out;
  private final boolean emitOnWrite;

  private WindowAggregateProcessor(
      TaskContext task,
      StoreDef def,
      TimeWindows windows,
      Aggregation aggregation,
      Downstream out) {
    this.task = task;
    StoreStack stack = task.storeStack(def.name());
    Serde<Object> keySerde = task.keySerde(def.keySerde());
    Serde<Object> valueSerde = task.valueSerde(def.valueSerde());
    this.store = Stores.typed(stack.windowStore(), keySerde, valueSerde);
    this.windows = windows;
    this.aggregation = aggregation;
    this.out = out;
    this.emitOnWrite = WindowedEmission.install(task, stack, keySerde, valueSerde, out);
  }

  /** A factory for an aggregation over {@code windows} into the window store {@code def}. */
  static ProcessorFactory factory(StoreDef def, TimeWindows windows, Aggregation aggregation) {
    return new NodeSpecs.WindowAggregate(def, windows, aggregation);
  }

  static Processor create(
      TaskContext task,
      StoreDef def,
      TimeWindows windows,
      Aggregation aggregation,
      Downstream out) {
    return new WindowAggregateProcessor(task, def, windows, aggregation, out);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null || value == null) {
      return;
    }
    long closeBefore = task.streamTime() - windows.graceMs();
    boolean applied = false;
    for (long start : windows.windowStartsFor(timestamp)) {
      long end = start + windows.sizeMs();
      if (end <= closeBefore) {
        continue; // end + grace <= stream time: the window is closed
      }
      Object old = store.fetch(key, start);
      Object updated = aggregation.apply(key, value, old);
      store.put(key, updated, start);
      if (emitOnWrite) {
        out.forward(new Windowed<>(key, start, end), new Change(old, updated), timestamp);
      }
      applied = true;
    }
    if (!applied) {
      task.metrics().recordDropped();
    }
  }
}
