package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.KeyValue;
import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Windowed count, reduce and aggregate through the TestDriver: tumbling and hopping windows,
 * out-of-order records within grace, late records beyond it (dropped and counted), suppression to
 * one final result per window, and the windowed key layout on the output topic.
 */
class WindowedAggregationTest {
  static final Serde<String> S = Serdes.string();
  static final Serde<Long> L = Serdes.longs();
  static final Serde<Windowed<String>> WS = WindowedSerdes.timeWindowed(S);
  static final TimeWindows TEN_SECONDS_GRACE_FIVE =
      TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5));

  private static Windowed<String> w(String key, long start, long end) {
    return new Windowed<>(key, start, end);
  }

  private static Topology windowedCount(TimeWindows windows, boolean suppress) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<Windowed<String>, Long> counts =
        builder.stream("in", Consumed.with(S, S))
            .groupByKey(Grouped.with(S, S))
            .windowedBy(windows)
            .count(Materialized.<String, Long>as("counts").withValueSerde(L));
    if (suppress) {
      counts = counts.suppress(Suppressed.untilWindowCloses());
    }
    counts.toStream().to("out", Produced.with(WS, L));
    return builder.build();
  }

  @Test
  void tumblingCountAcceptsOutOfOrderWithinGraceAndDropsLateRecords() {
    try (TestDriver driver =
        new TestDriver(windowedCount(TEN_SECONDS_GRACE_FIVE, false), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<Windowed<String>, Long> out = driver.outputTopic("out", WS, L);
      in.pipeInput("a", "x", 1_000);
      in.pipeInput("a", "x", 12_000); // stream time 12s
      in.pipeInput("a", "x", 8_000); // out of order: [0,10s) closes at 15s, still open
      in.pipeInput("b", "x", 9_999);
      in.pipeInput("a", "x", 16_000); // stream time 16s: [0,10s) is closed now
      in.pipeInput("a", "x", 3_000); // late: dropped
      in.pipeInput("b", "x", 0); // late: dropped
      assertThat(out.readKeyValues())
          .containsExactly(
              pair(w("a", 0, 10_000), 1L),
              pair(w("a", 10_000, 20_000), 1L),
              pair(w("a", 0, 10_000), 2L),
              pair(w("b", 0, 10_000), 1L),
              pair(w("a", 10_000, 20_000), 2L));
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 2L);
      assertThat(driver.windowStore("counts", S, L))
          .containsOnly(
              Map.entry(w("a", 0, 10_000), 2L),
              Map.entry(w("b", 0, 10_000), 1L),
              Map.entry(w("a", 10_000, 20_000), 2L));
    }
  }

  @Test
  void theWindowEndPlusGraceIsTheFirstInstantARecordIsLate() {
    try (TestDriver driver =
        new TestDriver(windowedCount(TEN_SECONDS_GRACE_FIVE, false), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "x", 14_999);
      in.pipeInput("a", "x", 9_999); // 10s + 5s > 14.999s: accepted
      in.pipeInput("a", "x", 15_000);
      in.pipeInput("a", "x", 9_999); // 10s + 5s <= 15s: late
      assertThat(driver.outputTopic("out", WS, L).readKeyValues())
          .containsExactly(
              pair(w("a", 10_000, 20_000), 1L),
              pair(w("a", 0, 10_000), 1L),
              pair(w("a", 10_000, 20_000), 2L));
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 1L);
    }
  }

  @Test
  void hoppingWindowsCountARecordInEveryWindowContainingIt() {
    TimeWindows hopping =
        TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)).advanceBy(Duration.ofSeconds(5));
    try (TestDriver driver = new TestDriver(windowedCount(hopping, false), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "x", 7_000);
      in.pipeInput("a", "x", 12_000);
      // stream time 16s: [0,10s) and [5s,15s) are closed, [10s,20s) is open -> applied, not dropped
      in.pipeInput("a", "x", 16_000);
      in.pipeInput("a", "x", 14_000);
      assertThat(driver.outputTopic("out", WS, L).readKeyValues())
          .containsExactly(
              pair(w("a", 0, 10_000), 1L),
              pair(w("a", 5_000, 15_000), 1L),
              pair(w("a", 5_000, 15_000), 2L),
              pair(w("a", 10_000, 20_000), 1L),
              pair(w("a", 10_000, 20_000), 2L),
              pair(w("a", 15_000, 25_000), 1L),
              pair(w("a", 10_000, 20_000), 3L));
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 0L);
      in.pipeInput("a", "x", 4_000); // every window of 4s ([0,10s)) is closed
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 1L);
    }
  }

  @Test
  void windowStartsAreAlignedToTheEpoch() {
    TimeWindows hopping =
        TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ofMillis(3));
    assertThat(hopping.windowStartsFor(12)).containsExactly(3, 6, 9, 12);
    assertThat(hopping.windowStartsFor(2)).containsExactly(0);
    assertThat(TEN_SECONDS_GRACE_FIVE.windowStartsFor(19_999)).containsExactly(10_000);
    assertThatThrownBy(
            () -> TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advance");
    assertThatThrownBy(() -> TimeWindows.ofSizeAndGrace(Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("window size must be positive");
  }

  @Test
  void windowedReduceAndAggregate() {
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> grouped =
        builder.stream("in", Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    TimeWindows windows = TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10));
    grouped
        .windowedBy(windows)
        .reduce((a, b) -> a + b, Materialized.<String, String>as("concat").withValueSerde(S))
        .toStream()
        .to("concat", Produced.with(WS, S));
    grouped
        .windowedBy(windows)
        .aggregate(
            () -> 0L,
            (key, value, total) -> total + value.length(),
            Materialized.<String, Long>as("lengths").withValueSerde(L))
        .toStream()
        .to("lengths", Produced.with(WS, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 2)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k", "ab", 1_000);
      in.pipeInput("k", "c", 2_000);
      in.pipeInput("k", "def", 11_000);
      assertThat(driver.outputTopic("concat", WS, S).readKeyValues())
          .containsExactly(
              pair(w("k", 0, 10_000), "ab"),
              pair(w("k", 0, 10_000), "abc"),
              pair(w("k", 10_000, 20_000), "def"));
      assertThat(driver.outputTopic("lengths", WS, L).readKeyValues())
          .containsExactly(
              pair(w("k", 0, 10_000), 2L),
              pair(w("k", 0, 10_000), 3L),
              pair(w("k", 10_000, 20_000), 3L));
    }
  }

  @Test
  void windowedCountAfterAKeyChangeGoesThroughTheRepartitionTopic() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(S, S))
        .groupBy((key, value) -> value, Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)))
        .count(Materialized.<String, Long>as("by-value").withValueSerde(L))
        .toStream()
        .to("out", Produced.with(WS, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k1", "red", 1_000);
      in.pipeInput("k2", "red", 2_000);
      in.pipeInput("k3", "blue", 3_000);
      assertThat(driver.outputTopic("out", WS, L).readKeyValues())
          .containsExactly(
              pair(w("red", 0, 10_000), 1L),
              pair(w("red", 0, 10_000), 2L),
              pair(w("blue", 0, 10_000), 1L));
      assertThat(driver.log().records("test-driver-by-value-repartition")).hasSize(3);
    }
  }

  @Test
  void suppressEmitsOneFinalResultPerWindowWhenItCloses() {
    try (TestDriver driver =
        new TestDriver(windowedCount(TEN_SECONDS_GRACE_FIVE, true), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<Windowed<String>, Long> out = driver.outputTopic("out", WS, L);
      in.pipeInput("a", "x", 1_000);
      in.pipeInput("b", "x", 2_000);
      in.pipeInput("a", "x", 12_000);
      in.pipeInput("a", "x", 8_000); // within grace
      assertThat(out.readKeyValues()).isEmpty();
      in.pipeInput("a", "x", 14_999);
      assertThat(out.readKeyValues()).isEmpty();
      in.pipeInput("b", "x", 15_000); // [0,10s) closes at 15s
      assertThat(out.readKeyValues())
          .containsExactly(pair(w("a", 0, 10_000), 2L), pair(w("b", 0, 10_000), 1L));
      in.pipeInput("a", "x", 5_000); // late: dropped, nothing emitted again
      in.pipeInput("a", "x", 30_000); // closes [10s,20s)
      assertThat(out.readKeyValues())
          .containsExactly(pair(w("a", 10_000, 20_000), 2L), pair(w("b", 10_000, 20_000), 1L));
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 1L);
    }
  }

  @Test
  void suppressNeedsAWindowedTable() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, Long> counts =
        builder.stream("in", Consumed.with(S, S))
            .groupByKey(Grouped.with(S, S))
            .count(Materialized.<String, Long>as("c").withValueSerde(L));
    assertThatThrownBy(() -> counts.suppress(Suppressed.untilWindowCloses()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a windowed table");
  }

  @Test
  void windowedKeysAreTheKeyBytesThenStartThenEndBigEndian() {
    byte[] bytes = WS.serialize(w("ab", 1, 0x0102030405060708L));
    assertThat(bytes).containsExactly('a', 'b', 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(WS.deserialize(bytes)).isEqualTo(w("ab", 1, 0x0102030405060708L));
    assertThat(WS.serialize(null)).isNull();
    assertThatThrownBy(() -> WS.deserialize(new byte[3]))
        .isInstanceOf(StreamsException.class)
        .hasMessageContaining("at least 16 bytes");
  }

  @Test
  void aTimestampExtractorSetsEventTime() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            "in",
            Consumed.with(S, S)
                .withTimestampExtractor((key, value, logTime) -> Long.parseLong(value)))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("out", Produced.with(WS, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "25000", 0);
      in.pipeInput("a", "3000", 99_000); // event time 3s: late against stream time 25s
      TestOutputTopic<Windowed<String>, Long> out = driver.outputTopic("out", WS, L);
      java.util.List<TestRecord<Windowed<String>, Long>> records = out.readRecords();
      assertThat(records).hasSize(1);
      assertThat(KeyValue.pair(records.get(0).key(), records.get(0).value()))
          .isEqualTo(pair(w("a", 20_000, 30_000), 1L));
      assertThat(records.get(0).timestamp()).isEqualTo(25_000);
      assertThat(driver.metrics()).containsEntry("dropped-records-total", 1L);
    }
  }
}
