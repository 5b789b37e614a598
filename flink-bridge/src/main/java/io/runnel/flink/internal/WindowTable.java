package io.runnel.flink.internal;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.internal.Change;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimerService;

/**
 * The windows (or sessions) of the current key of a keyed stage, {@code [start, end]} to aggregate
 * bytes (the store's value serde, as a native window or session store holds them), and how their
 * changes are forwarded: like the native record cache, once per window and emit interval with the
 * value forwarded last as the old value (what is pending is keyed state too, so it survives a
 * restart), or on every write with interval 0. A window's pending change is also forwarded when the
 * watermark reaches the stream time at which it closes (an event-time timer), before that watermark
 * goes downstream, so a suppression after it holds its last value when it sees the window close. A window written and removed between two emissions
 * is never forwarded; one removed after it was forwarded is forwarded as a deletion (new value
 * null), as the native cache does for merged-away sessions.
 *
 * <p>Not thread-safe: owned by its stage's Flink task thread; every call is for the key the
 * stage's keyed context is set to.
 */
final class WindowTable {
  private static final TypeInformation<Tuple2<Long, Long>> WINDOW =
      Types.TUPLE(Types.LONG, Types.LONG);
  private static final TypeInformation<byte[]> BYTES =
      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
  private static final TypeInformation<long[]> LONGS =
      PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO;

  private final MapState<Tuple2<Long, Long>, byte[]> values;
  private final MapState<Tuple2<Long, Long>, long[]> pending;
  private final MapState<Tuple2<Long, Long>, byte[]> emitted;
  private final Serde<Object> valueSerde;
  private final long emitIntervalMs;

  /**
   * The table of store {@code store} in the keyed state of {@code context}.
   *
   * @param emitIntervalMs {@code flink.emit.interval.ms}; 0 forwards every write at once
   */
  WindowTable(RuntimeContext context, String store, Serde<Object> valueSerde, long emitIntervalMs) {
    this.values = context.getMapState(new MapStateDescriptor<>(store, WINDOW, BYTES));
    this.pending = context.getMapState(new MapStateDescriptor<>("pending", WINDOW, LONGS));
    this.emitted = context.getMapState(new MapStateDescriptor<>("emitted", WINDOW, BYTES));
    this.valueSerde = valueSerde;
    this.emitIntervalMs = emitIntervalMs;
  }

  /** The emit interval of {@code setup}'s config ({@code flink.emit.interval.ms}). */
  static long emitIntervalMs(StageSetup setup) {
    String interval = setup.config().get(KeyedStage.EMIT_INTERVAL_MS);
    return interval == null ? KeyedStage.DEFAULT_EMIT_INTERVAL_MS : Long.parseLong(interval.trim());
  }

  /** The aggregate of window {@code [start, end]}, or null. */
  Object get(long start, long end) throws Exception {
    return valueSerde.deserialize(values.get(Tuple2.of(start, end)));
  }

  /** Every window of the key, {@code [start, end]}, in no particular order. */
  List<Tuple2<Long, Long>> windows() throws Exception {
    List<Tuple2<Long, Long>> windows = new ArrayList<>();
    for (Tuple2<Long, Long> window : values.keys()) {
      windows.add(window);
    }
    return windows;
  }

  /** Whether the window has changes not forwarded yet. */
  boolean pending(Tuple2<Long, Long> window) throws Exception {
    return pending.contains(window);
  }

  /**
   * Sets window {@code [start, end]} of {@code key} to {@code value} (null removes it) and forwards
   * the change through {@code runner} now or at the next emission.
   *
   * @param timestamp the timestamp of the record causing it
   * @param streamTime the stream time after that record
   * @param closesAt the stream time from which the window cannot change any more
   */
  void put(
      Object key,
      long start,
      long end,
      Object value,
      long timestamp,
      long streamTime,
      long closesAt,
      TimerService timers,
      StageRunner runner)
      throws Exception {
    Tuple2<Long, Long> window = Tuple2.of(start, end);
    byte[] before = values.get(window);
    if (value == null) {
      values.remove(window);
    } else {
      values.put(window, valueSerde.serialize(value));
    }
    if (emitIntervalMs == 0) {
      if (before != null || value != null) {
        runner.process(
            new Windowed<>(key, start, end),
            new Change(valueSerde.deserialize(before), value),
            timestamp,
            streamTime);
      }
      return;
    }
    if (!pending.contains(window)) {
      if (before != null) {
        emitted.put(window, before); // what this window's last emission said
      }
      // A processing-time timer at the next multiple of the interval (shared by many keys).
      long now = timers.currentProcessingTime();
      timers.registerProcessingTimeTimer((now / emitIntervalMs + 1) * emitIntervalMs);
      // Flushed before the watermark of its closing passes on, so suppress sees its last value.
      timers.registerEventTimeTimer(closesAt);
    }
    pending.put(window, new long[] {timestamp, streamTime});
  }

  /** Forgets window {@code [start, end]} without forwarding anything (past retention). */
  void expire(Tuple2<Long, Long> window) throws Exception {
    values.remove(window);
    pending.remove(window);
    emitted.remove(window);
  }

  /**
   * Forwards the changes of {@code key}'s windows since their last emission, earlier windows
   * first, each with the timestamp and stream time of the last record that changed it.
   */
  void flush(Object key, StageRunner runner) throws Exception {
    List<Map.Entry<Tuple2<Long, Long>, long[]>> changed = new ArrayList<>();
    for (Map.Entry<Tuple2<Long, Long>, long[]> entry : pending.entries()) {
      changed.add(Map.entry(entry.getKey(), entry.getValue()));
    }
    changed.sort(
        Comparator.comparing((Map.Entry<Tuple2<Long, Long>, long[]> e) -> e.getKey().f0)
            .thenComparing(e -> e.getKey().f1));
    for (Map.Entry<Tuple2<Long, Long>, long[]> entry : changed) {
      Tuple2<Long, Long> window = entry.getKey();
      Object old = valueSerde.deserialize(emitted.get(window));
      Object now = valueSerde.deserialize(values.get(window));
      if (old == null && now == null) {
        continue; // created and removed between two emissions: never seen downstream
      }
      long[] last = entry.getValue();
      runner.process(
          new Windowed<>(key, window.f0, window.f1), new Change(old, now), last[0], last[1]);
    }
    pending.clear();
    emitted.clear();
  }
}
