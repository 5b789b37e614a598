package io.runnel.flink.internal;

import io.runnel.state.serde.Serde;
import io.runnel.streams.SessionWindows;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.internal.NodeSpecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A session-windowed count, reduce or aggregate ({@code windowedBy(SessionWindows)}): the sessions
 * of each key in a {@link WindowTable}, merged as the native {@code SessionAggregateProcessor}
 * merges them. A record at {@code t} merges every session of its key that ends at or after {@code
 * t - gap} and starts at or before {@code t + gap} (combined with the merger, earlier sessions
 * first) into one session spanning them and {@code t}; the merged-away sessions are removed
 * (forwarded as deletions if they were forwarded before). If the resulting session is closed
 * ({@code end + gap + grace < stream time}, the stream time the record carries from its source
 * partition) the record is late and dropped, as natively. Sessions that ended more than the native
 * store's retention (max(1 day, gap + grace)) before stream time are forgotten.
 *
 * <p>Not thread-safe: one Flink task thread per instance.
 */
public final class SessionStage extends KeyedProcessFunction<String, BridgeRecord, BridgeRecord> {
  private static final long serialVersionUID = 1L;
  private static final long MIN_RETENTION_MS = 24 * 60 * 60 * 1000L;

  private final StageSetup setup;
  private transient NodeSpecs.SessionAggregate spec;
  private transient SessionWindows windows;
  private transient Serde<Object> storeKeySerde;
  private transient WindowTable sessions;
  private transient StageRunner runner;

  SessionStage(StageSetup setup) {
    this.setup = setup;
  }

  @Override
  public void open(OpenContext context) {
    TopologyPlan plan = setup.plan();
    StreamsConfig config = setup.streamsConfig();
    spec = (NodeSpecs.SessionAggregate) plan.node(setup.entry()).factory();
    windows = spec.windows();
    storeKeySerde = StageRunner.serde(spec.store().keySerde(), config.defaultKeySerde());
    sessions =
        new WindowTable(
            getRuntimeContext(),
            spec.store().name(),
            StageRunner.serde(spec.store().valueSerde(), config.defaultValueSerde()),
            WindowTable.emitIntervalMs(setup));
    runner = new StageRunner(plan, plan.stage(setup.entry()), config);
  }

  @Override
  public void processElement(BridgeRecord in, Context context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    long t = in.timestamp;
    long retention = Math.max(MIN_RETENTION_MS, windows.gapMs() + windows.graceMs());
    List<Tuple2<Long, Long>> found = new ArrayList<>();
    for (Tuple2<Long, Long> session : sessions.windows()) {
      if (session.f1 < in.streamTime - retention && !sessions.pending(session)) {
        sessions.expire(session);
      } else if (session.f1 >= t - windows.gapMs() && session.f0 <= t + windows.gapMs()) {
        found.add(session);
      }
    }
    found.sort(
        Comparator.comparing((Tuple2<Long, Long> s) -> s.f1).thenComparing(s -> s.f0));
    long start = t;
    long end = t;
    Object aggregate = null;
    for (Tuple2<Long, Long> session : found) {
      start = Math.min(start, session.f0);
      end = Math.max(end, session.f1);
      Object value = sessions.get(session.f0, session.f1);
      aggregate = aggregate == null ? value : spec.merge().apply(in.key, aggregate, value);
    }
    if (end + windows.gapMs() + windows.graceMs() < in.streamTime) {
      return; // the session it would create or extend is closed: late, dropped as natively
    }
    Object updated = spec.aggregation().apply(in.key, in.value, aggregate);
    long closesAt = end + windows.gapMs() + windows.graceMs() + 1;
    for (Tuple2<Long, Long> session : found) {
      if (session.f0 != start || session.f1 != end) {
        sessions.put(
            in.key,
            session.f0,
            session.f1,
            null,
            t,
            in.streamTime,
            closesAt,
            context.timerService(),
            runner);
      }
    }
    sessions.put(
        in.key, start, end, updated, t, in.streamTime, closesAt, context.timerService(), runner);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<BridgeRecord> out)
      throws Exception {
    runner.emitTo(out::collect);
    Object key =
        storeKeySerde.deserialize(context.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1));
    sessions.flush(key, runner);
  }
}
