package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Session-windowed aggregations through the TestDriver: sessions grow and merge, merged sessions
 * are deleted downstream, late records are dropped and counted, and suppress emits one final result
 * per session.
 */
class SessionWindowsTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();
  private static final Serde<Windowed<String>> WS = WindowedSerdes.sessionWindowed(S);
  private static final SessionWindows GAP_FIVE_GRACE_TWO =
      SessionWindows.ofInactivityGapAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(2));

  private static Windowed<String> s(String key, long start, long end) {
    return new Windowed<>(key, start, end);
  }

  private static Topology sessions(
      Function<KTable<Windowed<String>, Long>, KTable<Windowed<String>, Long>> after) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<Windowed<String>, Long> counts =
        builder.stream("in", Consumed.with(S, S))
            .groupByKey(Grouped.with(S, S))
            .windowedBy(GAP_FIVE_GRACE_TWO)
            .count(Materialized.<String, Long>as("sessions").withValueSerde(L));
    after.apply(counts).toStream().to("out", Produced.with(WS, L));
    return builder.build();
  }

  @Test
  void sessionsGrowMergeAndDropLateRecords() {
    try (TestDriver driver = new TestDriver(sessions(t -> t), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<Windowed<String>, Long> out = driver.outputTopic("out", WS, L);
      in.pipeInput("a", "x", 1_000);
      in.pipeInput("a", "x", 4_000); // within the gap: the session grows
      assertThat(out.readKeyValues())
          .containsExactly(
              pair(s("a", 1_000, 1_000), 1L),
              pair(s("a", 1_000, 1_000), null),
              pair(s("a", 1_000, 4_000), 2L));
      in.pipeInput("a", "x", 20_000);
      in.pipeInput("a", "x", 12_000); // a new session closed already: 12s + 5s + 2s < 20s
      in.pipeInput("a", "x", 9_000); // would extend [1s, 4s] to 9s: closed too
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 2L);
      in.pipeInput("a", "x", 26_000);
      in.pipeInput("a", "x", 23_000); // within the gap of [20s, 20s] and [26s, 26s]: merges them
      assertThat(out.readKeyValues())
          .containsExactly(
              pair(s("a", 20_000, 20_000), 1L),
              pair(s("a", 26_000, 26_000), 1L),
              pair(s("a", 20_000, 20_000), null),
              pair(s("a", 26_000, 26_000), null),
              pair(s("a", 20_000, 26_000), 3L));
    }
  }

  @Test
  void suppressEmitsEachSessionOnceWhenItCloses() {
    try (TestDriver driver =
        new TestDriver(sessions(t -> t.suppress(Suppressed.untilWindowCloses())), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<Windowed<String>, Long> out = driver.outputTopic("out", WS, L);
      in.pipeInput("a", "x", 1_000);
      in.pipeInput("a", "x", 4_000);
      in.pipeInput("b", "x", 11_000); // [1s, 4s] closes after 4s + 5s + 2s = 11s
      assertThat(out.readKeyValues()).isEmpty();
      in.pipeInput("b", "x", 11_001);
      assertThat(out.readKeyValues()).containsExactly(pair(s("a", 1_000, 4_000), 2L));
    }
  }

  @Test
  void sessionReduceAndAggregateMergeWithTheirFunctions() {
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> grouped =
        builder.stream("in", Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    grouped
        .windowedBy(GAP_FIVE_GRACE_TWO)
        .reduce((a, b) -> a + b, Materialized.<String, String>as("concat").withValueSerde(S))
        .toStream()
        .to("concat", Produced.with(WS, S));
    grouped
        .windowedBy(GAP_FIVE_GRACE_TWO)
        .aggregate(
            () -> "",
            (key, value, agg) -> agg + value,
            (key, a, b) -> a + "|" + b,
            Materialized.<String, String>as("merged").withValueSerde(S))
        .toStream()
        .filter((key, value) -> value != null)
        .to("merged", Produced.with(WS, S));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k", "a", 0);
      in.pipeInput("k", "b", 10_000);
      in.pipeInput("k", "c", 5_000); // bridges both sessions
      assertThat(driver.outputTopic("concat", WS, S).readKeyValuesToMap())
          .containsOnly(Map.entry(s("k", 0, 10_000), "abc"));
      assertThat(driver.outputTopic("merged", WS, S).readKeyValues())
          .containsExactly(
              pair(s("k", 0, 0), "a"),
              pair(s("k", 10_000, 10_000), "b"),
              pair(s("k", 0, 10_000), "a|bc"));
    }
  }
}
