package io.runnel.samples.logs;

import io.runnel.connect.StandaloneWorker;
import io.runnel.connect.TaskStatus;
import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.TimeWindows;
import io.runnel.streams.Topology;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Central log aggregation, the quickstart's pipeline: file-source ships every line of the log files
 * matching a glob into the topic {@value #LOGS_TOPIC}; a streams app parses them and keeps, per
 * service and minute (tumbling one-minute windows, ten minutes of grace), the number of requests,
 * of 5xx responses and of logged errors and a latency histogram, in a RocksDB-backed windowed table;
 * its updates go to {@value #STATS_TOPIC} as JSON rows, which jdbc-sink upserts into the table
 * {@code log_stats} of a database.
 *
 * <pre>
 *  *.log files --file-source--> runnel-logs --streams app--> runnel-log-stats --jdbc-sink--> log_stats
 * </pre>
 *
 * <p>Everything it keeps (the shipped byte offsets, the sink's progress, the streams state and its
 * changelog) lives in the log and the state directory, so starting it again resumes.
 */
public final class LogAggregation implements AutoCloseable {
  /** The topic the log lines are shipped to: key = file path, value = line. */
  public static final String LOGS_TOPIC = "runnel-logs";

  /** The topic of per-service, per-minute rows ({@link StatsRow} as JSON). */
  public static final String STATS_TOPIC = "runnel-log-stats";

  /** The name of the windowed store holding the aggregates. */
  public static final String STORE = "log-stats";

  static final int PARTITIONS = 3;
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  /**
   * Where the pipeline reads, keeps and writes.
   *
   * @param bootstrapServers the log
   * @param inputGlob the log files to ship (wildcards in the file name only)
   * @param stateDir the streams app's state directory
   * @param jdbcUrl the database of the {@code log_stats} table ({@code jdbc:sqlite:...} or {@code
   *     jdbc:postgresql:...})
   * @param applicationId the streams app's id; also names the connectors and the worker's group
   */
  public record Settings(
      String bootstrapServers, String inputGlob, Path stateDir, String jdbcUrl, String applicationId) {}

  private final StandaloneWorker worker;
  private final RunnelStreams streams;

  private LogAggregation(StandaloneWorker worker, RunnelStreams streams) {
    this.worker = worker;
    this.streams = streams;
  }

  /** Creates the topics if needed, then starts the connectors and the streams app. */
  public static LogAggregation start(Settings settings) {
    try (Log log = Log.open(Map.of(Log.BOOTSTRAP_SERVERS, settings.bootstrapServers()))) {
      log.createTopic(TopicSpec.of(LOGS_TOPIC, PARTITIONS));
      log.createTopic(TopicSpec.of(STATS_TOPIC, PARTITIONS));
    }
    String id = settings.applicationId();
    StandaloneWorker worker =
        new StandaloneWorker(
            Map.of(
                "bootstrap.servers", settings.bootstrapServers(),
                "group.id", id + "-connect",
                "offset.flush.interval.ms", "1000",
                "key.converter", "string",
                "value.converter", "string"));
    RunnelStreams streams;
    try {
      worker.startConnector(
          Map.of(
              "name", id + "-files",
              "connector.class", "file-source",
              "file.glob", settings.inputGlob(),
              "topic", LOGS_TOPIC));
      worker.startConnector(
          Map.of(
              "name", id + "-db",
              "connector.class", "jdbc-sink",
              "topics", STATS_TOPIC,
              "value.converter", "json",
              "connection.url", settings.jdbcUrl(),
              "insert.mode", "upsert",
              "pk.mode", "record_value",
              "pk.fields", "service,minute",
              "table.name.format", "log_stats"));
      streams =
          new RunnelStreams(
              topology(),
              Map.of(
                  "application.id", id,
                  "bootstrap.servers", settings.bootstrapServers(),
                  "state.dir", settings.stateDir().toString(),
                  "commit.interval.ms", "1000"));
      streams.start();
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    return new LogAggregation(worker, streams);
  }

  /** The streams app: lines -> events per service -> one-minute windows -> rows. */
  public static Topology topology() {
    Serde<String> s = Serdes.string();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            LOGS_TOPIC,
            Consumed.with(s, s)
                .withTimestampExtractor((file, line, logTime) -> LogFormat.timestamp(file, line, logTime)))
        .flatMap(
            (file, line) ->
                LogFormat.parse(file, line)
                    .map(event -> List.of(KeyValue.pair(event.service(), event)))
                    .orElse(List.of()))
        .groupByKey(Grouped.with(s, Serdes.json(LogEvent.class)).withName("by-service"))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofMinutes(10)))
        .aggregate(
            MinuteStats::empty,
            (service, event, stats) -> stats.add(event),
            Materialized.<String, MinuteStats>as(STORE)
                .withValueSerde(Serdes.json(MinuteStats.class)))
        .toStream()
        .map(
            (window, stats) -> {
              String minute = minute(window.start());
              return KeyValue.pair(
                  window.key() + "@" + minute,
                  new StatsRow(
                      window.key(),
                      minute,
                      stats.requests(),
                      stats.serverErrors(),
                      stats.loggedErrors(),
                      stats.percentile(0.95)));
            })
        .to(STATS_TOPIC, Produced.with(s, Serdes.json(StatsRow.class)));
    return builder.build();
  }

  /** The minute holding {@code epochMillis}, as {@link StatsRow#minute()} writes it. */
  public static String minute(long epochMillis) {
    return MINUTE.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MINUTES));
  }

  /** The streams app's state. */
  public RunnelStreams.State streamsState() {
    return streams.state();
  }

  /** The connector tasks' status. */
  public List<TaskStatus> connectorStatus() {
    return worker.status();
  }

  /** Stops the streams app, then the connectors (each stores its progress). */
  @Override
  public void close() {
    try {
      streams.close(Duration.ofSeconds(30));
    } finally {
      worker.close();
    }
  }
}
