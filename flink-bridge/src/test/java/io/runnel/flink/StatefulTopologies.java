package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;

import io.runnel.state.KeyValueStore;
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
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.Record;
import io.runnel.streams.processor.StoreBuilder;
import java.time.Duration;

/**
 * Session, sliding and suppressed windowed counts and a user processor with a store: topologies the
 * bridge's tests run on both runtimes.
 */
final class StatefulTopologies {
  static final Serde<Windowed<String>> SESSION = WindowedSerdes.sessionWindowed(S);

  private StatefulTopologies() {}

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

  /** Counts each key's records in its store "seen" and forwards key to the running count. */
  static final class SeenCounter implements Processor<String, String, String, Long> {
    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, Long> context) {
      this.context = context;
      this.seen = context.getStateStore("seen");
    }

    @Override
    public void process(Record<String, String> record) {
      Long before = seen.get(record.key());
      long count = before == null ? 1 : before + 1;
      seen.put(record.key(), count);
      context.forward(record.withValue(count));
    }
  }

  /**
   * Non-empty values of {@code input} counted per key by a {@link SeenCounter} with the store
   * "seen", to {@code output}.
   */
  static Topology processorCounts(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore("seen", S, L));
    builder.stream(input, Consumed.with(S, S))
        .filter((key, value) -> !value.isEmpty())
        .process(SeenCounter::new, "seen")
        .to(output, Produced.with(S, L));
    return builder.build();
  }
}
