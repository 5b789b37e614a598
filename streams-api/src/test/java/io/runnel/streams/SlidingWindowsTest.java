package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sliding-window counts through the TestDriver: each record's left window, the right windows of
 * earlier records, an out-of-order record updating and creating windows, and a late record.
 */
class SlidingWindowsTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();
  private static final Serde<Windowed<String>> WS = WindowedSerdes.timeWindowed(S);

  private static Windowed<String> w(long start, long end) {
    return new Windowed<>("a", start, end);
  }

  @Test
  void slidingCountsFollowTheRecords() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(
            SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10), Duration.ofMillis(100)))
        .count(Materialized.<String, Long>as("sliding").withValueSerde(L))
        .toStream()
        .to("out", Produced.with(WS, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<Windowed<String>, Long> out = driver.outputTopic("out", WS, L);
      in.pipeInput("a", "x", 20);
      assertThat(out.readKeyValues()).containsExactly(pair(w(10, 20), 1L));
      in.pipeInput("a", "x", 25); // its left window, and the right window of the record at 20
      assertThat(out.readKeyValues()).containsExactly(pair(w(15, 25), 2L), pair(w(21, 31), 1L));
      in.pipeInput("a", "x", 18); // out of order: new left window, two updates, new right window
      assertThat(out.readKeyValues())
          .containsExactly(
              pair(w(8, 18), 1L), pair(w(10, 20), 2L), pair(w(15, 25), 3L), pair(w(19, 29), 2L));
      assertThat(driver.windowStore("sliding", S, L))
          .containsOnly(
              Map.entry(w(8, 18), 1L),
              Map.entry(w(10, 20), 2L),
              Map.entry(w(15, 25), 3L),
              Map.entry(w(19, 29), 2L),
              Map.entry(w(21, 31), 1L));
      in.pipeInput("a", "x", 200);
      in.pipeInput("a", "x", 50); // late: 50 + 100 < 200
      assertThat(out.readKeyValues()).containsExactly(pair(w(190, 200), 1L));
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 1L);
    }
  }

  @Test
  void recordsNearTheEpochShareTheFirstWindow() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(10)))
        .reduce((x, y) -> x + y, Materialized.<String, String>as("concat").withValueSerde(S))
        .toStream()
        .to("out", Produced.with(WS, S));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "p", 3);
      in.pipeInput("a", "q", 5);
      assertThat(driver.outputTopic("out", WS, S).readKeyValues())
          .containsExactly(pair(w(0, 10), "p"), pair(w(0, 10), "pq"), pair(w(4, 14), "q"));
    }
  }

  @Test
  void suppressEmitsASlidingWindowOnceStreamTimePassesItsInclusiveEnd() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(10)))
        .reduce((x, y) -> x + y, Materialized.<String, String>as("concat").withValueSerde(S))
        .suppress(Suppressed.untilWindowCloses())
        .toStream()
        .to("out", Produced.with(WS, S));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<Windowed<String>, String> out = driver.outputTopic("out", WS, S);
      in.pipeInput("a", "p", 3);
      in.pipeInput("a", "q", 5);
      in.pipeInput("a", "r", 10); // [0, 10] still open: its end is inclusive
      assertThat(out.readKeyValues()).isEmpty();
      in.pipeInput("a", "s", 11);
      assertThat(out.readKeyValues()).containsExactly(pair(w(0, 10), "pqr"));
    }
  }
}
