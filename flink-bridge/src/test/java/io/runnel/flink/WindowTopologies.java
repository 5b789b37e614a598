package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.SessionWindows;
import io.runnel.streams.SlidingWindows;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Suppressed;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.Topology;
import io.runnel.streams.WindowedSerdes;
import java.time.Duration;

/** Session, sliding and suppressed windowed topologies the bridge's tests run on both runtimes. */
final class WindowTopologies {
  static final Serde<Windowed<String>> SESSION = WindowedSerdes.sessionWindowed(S);

  private WindowTopologies() {}

  /** Clicks per user and session (gap 5 s, grace 2 s) of {@code input} to {@code output}. */
  static Topology sessionCounts(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(
            SessionWindows.ofInactivityGapAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(2)))
        .count(Materialized.<String, Long>as("sessions").withValueSerde(L))
        .toStream()
        .to(output, Produced.with(SESSION, L));
    return builder.build();
  }

  /** Clicks per user in sliding windows (difference 5 s, grace 2 s) to {@code output}. */
  static Topology slidingCounts(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(
            SlidingWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(5), Duration.ofSeconds(2)))
        .count(Materialized.<String, Long>as("sliding").withValueSerde(L))
        .toStream()
        .to(output, Produced.with(Topologies.WINDOWED, L));
    return builder.build();
  }

  /**
   * Clicks per user in tumbling windows of 10 s (grace 5 s), suppressed until each window closes,
   * to {@code output}.
   */
  static Topology suppressedCounts(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .count(Materialized.<String, Long>as("final-counts").withValueSerde(L))
        .suppress(Suppressed.untilWindowCloses())
        .toStream()
        .to(output, Produced.with(Topologies.WINDOWED, L));
    return builder.build();
  }
}
