package io.runnel.bench.streams;

import io.runnel.state.StateConfig;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.KGroupedStream;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.Topology;
import io.runnel.streams.WindowedSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** The workload on Runnel's streams-api (kafka backend, RocksDB stores, changelogging on). */
final class RunnelStreamsApp implements StreamsApp {
  static final String ENGINE = "runnel";

  private final RunnelStreams app;

  RunnelStreamsApp(Workload workload, String servers, Path stateDir, long cacheBytes) {
    app =
        new RunnelStreams(
            topology(workload),
            Map.of(
                "application.id", workload.applicationId(ENGINE),
                "bootstrap.servers", servers,
                "state.dir", stateDir.toString(),
                "commit.interval.ms", "1000",
                StateConfig.CACHE_MAX_BYTES, Long.toString(cacheBytes)));
  }

  static Topology topology(Workload workload) {
    return topology(workload, workload.outputTopic(ENGINE));
  }

  /** The workload's topology writing to {@code out}. */
  static Topology topology(Workload workload, String out) {
    Serde<String> s = Serdes.string();
    Serde<Long> l = Serdes.longs();
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> words =
        builder.stream(Workload.INPUT_TOPIC, Consumed.with(s, s))
            .flatMapValues(line -> Arrays.asList(line.split(" ")))
            .groupBy((key, word) -> word, Grouped.with(s, s));
    if (workload == Workload.WORD_COUNT) {
      words
          .count(Materialized.<String, Long>as("counts").withValueSerde(l))
          .toStream()
          .to(out, Produced.with(s, l));
    } else {
      words
          .windowedBy(
              TimeWindows.ofSizeAndGrace(
                  Duration.ofMillis(Workload.WINDOW_MS), Duration.ofMillis(Workload.GRACE_MS)))
          .count(Materialized.<String, Long>as("counts").withValueSerde(l))
          .toStream()
          .to(out, Produced.with(WindowedSerdes.timeWindowed(s), l));
    }
    return builder.build();
  }

  @Override
  public void start() {
    app.start();
  }

  @Override
  public Throwable failure() {
    if (app.state() == RunnelStreams.State.ERROR) {
      Throwable t = app.failure();
      return t != null ? t : new IllegalStateException("Runnel app in state ERROR");
    }
    return null;
  }

  @Override
  public void close(Duration timeout) {
    app.close(timeout);
  }
}
