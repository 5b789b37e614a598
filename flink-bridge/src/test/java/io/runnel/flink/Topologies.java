package io.runnel.flink;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.KStream;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.Topology;
import io.runnel.streams.WindowedSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The topologies the bridge's tests run on both runtimes. */
final class Topologies {
  static final Serde<String> S = Serdes.string();
  static final Serde<Long> L = Serdes.longs();
  static final Serde<Windowed<String>> WINDOWED = WindowedSerdes.timeWindowed(S);

  private Topologies() {}

  /** Lines of {@code input} to word counts in {@code output}: flatMapValues, groupBy, count. */
  static Topology wordCount(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(S, S))
        .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .groupBy((key, word) -> word, Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to(output, Produced.with(S, L));
    return builder.build();
  }

  /**
   * Clicks per user in tumbling windows of 10 s (grace 5 s) to {@code output + "-tumbling"} and in
   * hopping windows of 10 s advancing by 5 s (grace 5 s) to {@code output + "-hopping"}.
   */
  static Topology windowedCounts(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> clicks = builder.stream(input, Consumed.with(S, S));
    clicks
        .groupByKey(Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .count(Materialized.<String, Long>as("tumbling").withValueSerde(L))
        .toStream()
        .to(output + "-tumbling", Produced.with(WINDOWED, L));
    clicks
        .groupByKey(Grouped.with(S, S))
        .windowedBy(
            TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5))
                .advanceBy(Duration.ofSeconds(5)))
        .count(Materialized.<String, Long>as("hopping").withValueSerde(L))
        .toStream()
        .to(output + "-hopping", Produced.with(WINDOWED, L));
    return builder.build();
  }
}
