package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static io.runnel.streams.RestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.KeyValue;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record cache in front of window and session stores, through RunnelStreams on the memory
 * backend with one commit (at close) after every input record was processed: a windowed table emits
 * each window (or session) once, with its final value, and writes its changelog once per window;
 * with {@code statestore.cache.max.bytes=0} it emits, and logs, every update.
 */
class WindowedCacheTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();
  private static final long MINUTE = 60_000;
  @TempDir Path stateDir;
  private final MemoryLog log = new MemoryLog();
  private final AtomicInteger processed = new AtomicInteger();

  private enum Kind {
    TUMBLING,
    SESSION,
    SUPPRESSED,
    SLIDING
  }

  private Topology topology(Kind kind) {
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> grouped =
        builder.stream("in", Consumed.with(S, S))
            .peek((k, v) -> processed.incrementAndGet())
            .groupByKey(Grouped.with(S, S));
    Materialized<String, Long> store = Materialized.<String, Long>as("counts").withValueSerde(L);
    KTable<Windowed<String>, Long> counts;
    switch (kind) {
      case SESSION:
        counts =
            grouped
                .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(Duration.ofSeconds(5)))
                .count(store);
        counts.toStream().to("out", Produced.with(WindowedSerdes.sessionWindowed(S), L));
        return builder.build();
      case SLIDING:
        counts =
            grouped
                .windowedBy(
                    SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(10), Duration.ZERO))
                .count(store);
        break;
      default:
        counts =
            grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1))).count(store);
        if (kind == Kind.SUPPRESSED) {
          counts = counts.suppress(Suppressed.untilWindowCloses());
        }
    }
    counts.toStream().to("out", Produced.with(WindowedSerdes.timeWindowed(S), L));
    return builder.build();
  }

  /** Runs the records (key, timestamp) through {@code kind}; returns every output record. */
  private List<KeyValue<String, Long>> run(
      Kind kind, long cacheBytes, List<KeyValue<String, Long>> in) {
    log.createTopic(TopicSpec.of("in", 1));
    log.createTopic(TopicSpec.of("out", 1));
    try (LogProducer producer = log.newProducer()) {
      for (KeyValue<String, Long> r : in) {
        producer.send(
            new TopicPartition("in", 0), S.serialize(r.key()), S.serialize("x"), r.value());
      }
    }
    RunnelStreams app =
        new RunnelStreams(
            topology(kind),
            Map.of(
                "application.id", "cache",
                "state.dir", stateDir.toString(),
                "commit.interval.ms", "3600000",
                "poll.ms", "10",
                "statestore.cache.max.bytes", String.valueOf(cacheBytes)),
            log);
    app.start();
    await(() -> processed.get() == in.size(), in.size() + " records processed");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
    Serde<Windowed<String>> keys =
        kind == Kind.SESSION ? WindowedSerdes.sessionWindowed(S) : WindowedSerdes.timeWindowed(S);
    List<KeyValue<String, Long>> out = new ArrayList<>();
    for (LogRecord r : log.records("out")) {
      Windowed<String> w = keys.deserialize(r.key());
      out.add(
          pair(
              w.key() + "@" + w.start() + "-" + w.end(),
              r.value() == null ? null : L.deserialize(r.value())));
    }
    return out;
  }

  private int changelogRecords() {
    return log.records("cache-counts-changelog").size();
  }

  private static List<KeyValue<String, Long>> tumblingInput() {
    List<KeyValue<String, Long>> in = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      in.add(pair("a", (long) i));
      in.add(pair("b", (long) i));
    }
    for (int i = 0; i < 20; i++) {
      in.add(pair("a", MINUTE + i));
    }
    return in;
  }

  private static Map<String, Long> latest(List<KeyValue<String, Long>> out) {
    Map<String, Long> latest = new LinkedHashMap<>();
    out.forEach(kv -> latest.put(kv.key(), kv.value()));
    return latest;
  }

  @Test
  void aCachedWindowedCountEmitsEachWindowOnceWithItsFinalCount() {
    List<KeyValue<String, Long>> out = run(Kind.TUMBLING, 10 << 20, tumblingInput());
    assertThat(out)
        .containsExactly(
            pair("a@0-60000", 50L), pair("b@0-60000", 50L), pair("a@60000-120000", 20L));
    assertThat(changelogRecords()).isEqualTo(3);
  }

  @Test
  void withoutACacheEveryUpdateIsEmittedAndLogged() {
    List<KeyValue<String, Long>> out = run(Kind.TUMBLING, 0, tumblingInput());
    assertThat(out).hasSize(120);
    assertThat(out.subList(0, 3))
        .containsExactly(pair("a@0-60000", 1L), pair("b@0-60000", 1L), pair("a@0-60000", 2L));
    assertThat(latest(out))
        .containsExactly(
            Map.entry("a@0-60000", 50L),
            Map.entry("b@0-60000", 50L),
            Map.entry("a@60000-120000", 20L));
    assertThat(changelogRecords()).isEqualTo(120);
  }

  @Test
  void suppressAfterACachedWindowStillEmitsOneFinalPerClosedWindow() {
    List<KeyValue<String, Long>> in = tumblingInput();
    in.add(pair("b", 2 * MINUTE)); // closes the first two windows (no grace)
    List<KeyValue<String, Long>> out = run(Kind.SUPPRESSED, 10 << 20, in);
    assertThat(out)
        .containsExactly(
            pair("a@0-60000", 50L), pair("b@0-60000", 50L), pair("a@60000-120000", 20L));
  }

  @Test
  void aSessionCreatedAndMergedBetweenCommitsIsNeverEmitted() {
    // a: sessions at 0 and 8 s (gap 5 s), merged by the record at 4 s into [0, 8 s]; b: one.
    List<KeyValue<String, Long>> in =
        List.of(pair("a", 0L), pair("a", 8_000L), pair("b", 9_000L), pair("a", 4_000L));
    assertThat(run(Kind.SESSION, 10 << 20, in))
        .containsExactly(pair("b@9000-9000", 1L), pair("a@0-8000", 3L));
  }

  @Test
  void withoutACacheSessionMergesEmitTheirDeletions() {
    List<KeyValue<String, Long>> in =
        List.of(pair("a", 0L), pair("a", 8_000L), pair("b", 9_000L), pair("a", 4_000L));
    assertThat(run(Kind.SESSION, 0, in))
        .containsExactly(
            pair("a@0-0", 1L),
            pair("a@8000-8000", 1L),
            pair("b@9000-9000", 1L),
            pair("a@0-0", null),
            pair("a@8000-8000", null),
            pair("a@0-8000", 3L));
  }

  @Test
  void aCachedSlidingCountEmitsEachWindowOnce() {
    List<KeyValue<String, Long>> in = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      in.add(pair("a", 1_000L * i));
    }
    List<KeyValue<String, Long>> cached = run(Kind.SLIDING, 10 << 20, in);
    assertThat(cached).extracting(KeyValue::key).doesNotHaveDuplicates();
    assertThat(cached).hasSizeLessThan(in.size() * 2);
    // The same final count per window as with every update emitted.
    List<KeyValue<String, Long>> every = runAgain(Kind.SLIDING, 0, in);
    assertThat(every.size()).isGreaterThan(cached.size());
    assertThat(Map.copyOf(latest(cached))).isEqualTo(Map.copyOf(latest(every)));
  }

  private List<KeyValue<String, Long>> runAgain(
      Kind kind, long cacheBytes, List<KeyValue<String, Long>> in) {
    WindowedCacheTest fresh = new WindowedCacheTest();
    fresh.stateDir = stateDir.resolve("again");
    return fresh.run(kind, cacheBytes, in);
  }
}
