package io.runnel.streams.internal;

import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.SessionStore;
import io.runnel.state.Stores;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.SessionWindows;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds records into sessions of a session store (session count, reduce, aggregate). A record at
 * {@code t} merges every session of its key that ends at or after {@code t - gap} and starts at or
 * before {@code t + gap} into one session spanning them and {@code t}; the merged sessions' old
 * entries are removed and forwarded as deletions, then the new session is forwarded (with the
 * cache off at once; else by the record cache when it writes them down, once per session and
 * commit, so a session created and merged away between two commits is never forwarded). If the
 * resulting session is already closed ({@code end + gap + grace < stream time}) the record is late:
 * nothing changes, it is dropped and counted in {@code dropped-records-total}. Records with a null
 * key or value are skipped.
 *
 * <p>Not thread-safe: the task's stream thread only.
 */
final class SessionAggregateProcessor implements Processor {
  /** Combines two non-null session aggregates of one key. Stateless. */
  @FunctionalInterface
  interface SessionMerge extends NodeSpecs.SessionMerge {}

  private final TaskContext task;
  private final SessionStore<Object, Object> store;
  private final SessionWindows windows;
  private final Aggregation aggregation;
  private final NodeSpecs.SessionMerge merge;
  private final Downstream out;
  private final boolean emitOnWrite;

  SessionAggregateProcessor(
      TaskContext task,
      StoreDef def,
      SessionWindows windows,
      Aggregation aggregation,
      NodeSpecs.SessionMerge merge,
      Downstream out) {
    this.task = task;
    StoreStack stack = task.storeStack(def.name());
    Serde<Object> keySerde = task.keySerde(def.keySerde());
    Serde<Object> valueSerde = task.valueSerde(def.valueSerde());
    this.store = Stores.typed(stack.sessionStore(), keySerde, valueSerde);
    this.emitOnWrite = WindowedEmission.install(task, stack, keySerde, valueSerde, out);
    this.windows = windows;
    this.aggregation = aggregation;
    this.merge = merge;
    this.out = out;
  }

  /** A factory for a session aggregation into the session store {@code def}. */
  static ProcessorFactory factory(
      StoreDef def, SessionWindows windows, Aggregation aggregation, SessionMerge merge) {
    return new NodeSpecs.SessionAggregate(def, windows, aggregation, merge);
  }

  @Override
  public void process(Object key, Object value, long timestamp) {
    if (key == null || value == null) {
      return;
    }
    List<KeyValue<Windowed<Object>, Object>> merged = new ArrayList<>();
    long start = timestamp;
    long end = timestamp;
    Object aggregate = null;
    try (KeyValueIterator<Windowed<Object>, Object> it =
        store.findSessions(key, timestamp - windows.gapMs(), timestamp + windows.gapMs())) {
      while (it.hasNext()) {
        KeyValue<Windowed<Object>, Object> session = it.next();
        merged.add(session);
        start = Math.min(start, session.key().start());
        end = Math.max(end, session.key().end());
        aggregate =
            aggregate == null ? session.value() : merge.apply(key, aggregate, session.value());
      }
    }
    if (end + windows.gapMs() + windows.graceMs() < task.streamTime()) {
      task.metrics().recordDropped();
      return;
    }
    Object updated = aggregation.apply(key, value, aggregate);
    Windowed<Object> session = new Windowed<>(key, start, end);
    Object old = null;
    for (KeyValue<Windowed<Object>, Object> previous : merged) {
      if (previous.key().equals(session)) {
        old = previous.value(); // the record fell inside this session: an update, not a merge
        continue;
      }
      store.remove(previous.key());
      if (emitOnWrite) {
        out.forward(previous.key(), new Change(previous.value(), null), timestamp);
      }
    }
    store.put(session, updated);
    if (emitOnWrite) {
      out.forward(session, new Change(old, updated), timestamp);
    }
  }
}
