package io.runnel.bench.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/** The workload on Apache Kafka Streams (defaults: RocksDB stores, changelogging on). */
final class KafkaStreamsApp implements StreamsApp {
  static final String ENGINE = "kstreams";

  private final KafkaStreams app;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  KafkaStreamsApp(Workload workload, String servers, Path stateDir, long cacheBytes) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, workload.applicationId(ENGINE));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    app = new KafkaStreams(topology(workload), props);
    app.setUncaughtExceptionHandler(
        e -> {
          failure.compareAndSet(null, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  static Topology topology(Workload workload) {
    Serde<String> s = Serdes.String();
    Serde<Long> l = Serdes.Long();
    StreamsBuilder builder = new StreamsBuilder();
    KGroupedStream<String, String> words =
        builder.stream(Workload.INPUT_TOPIC, Consumed.with(s, s))
            .flatMapValues(line -> Arrays.asList(line.split(" ")))
            .groupBy((key, word) -> word, Grouped.with(s, s));
    String out = workload.outputTopic(ENGINE);
    if (workload == Workload.WORD_COUNT) {
      words
          .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
          .toStream()
          .to(out, Produced.with(s, l));
    } else {
      words
          .windowedBy(
              TimeWindows.ofSizeAndGrace(
                  Duration.ofMillis(Workload.WINDOW_MS), Duration.ofMillis(Workload.GRACE_MS)))
          .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("counts"))
          .toStream()
          .to(
              out,
              Produced.with(
                  WindowedSerdes.timeWindowedSerdeFrom(String.class, Workload.WINDOW_MS), l));
    }
    return builder.build();
  }

  /**
   * Kafka Streams' internal topics of the workload, created up front because log-server refuses
   * the {@code message.timestamp.type} config Kafka Streams puts on repartition topics (Kafka
   * Streams uses topics that already exist with the right partition count as they are). The
   * configs are those Kafka Streams would set otherwise.
   */
  static List<NewTopic> internalTopics(Workload workload, int partitions) {
    String prefix = workload.applicationId(ENGINE) + "-counts-";
    NewTopic repartition =
        new NewTopic(prefix + "repartition", partitions, (short) 1)
            .configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
    NewTopic changelog = new NewTopic(prefix + "changelog", partitions, (short) 1);
    if (workload == Workload.WORD_COUNT) {
      changelog.configs(Map.of("cleanup.policy", "compact"));
    } else {
      // Window store retention (size + grace) plus Kafka Streams' one-day changelog additional retention.
      long retention = Workload.WINDOW_MS + Workload.GRACE_MS + 24 * 3600_000L;
      changelog.configs(
          Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(retention)));
    }
    return List.of(repartition, changelog);
  }

  @Override
  public void start() {
    app.start();
  }

  @Override
  public Throwable failure() {
    Throwable t = failure.get();
    if (t == null && app.state() == KafkaStreams.State.ERROR) {
      return new IllegalStateException("Kafka Streams app in state ERROR");
    }
    return t;
  }

  @Override
  public void close(Duration timeout) {
    app.close(timeout);
  }
}
