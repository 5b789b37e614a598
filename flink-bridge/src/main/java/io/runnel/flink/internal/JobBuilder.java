package io.runnel.flink.internal;

import io.runnel.flink.TopologySource;
import io.runnel.streams.StreamsConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Adds a planned topology to a Flink environment: a KafkaSource and a {@link SourceStage} per topic
 * source, a keyBy on the serialized key and a {@link KeyedStage} per repartition source and
 * aggregation, a {@link TableStage} per table from a topic, a {@link JoinStage} per stream-table
 * or table-table join and a {@link StreamJoinStage} per windowed stream-stream join (each fed by
 * the union of the exits leading to it; a stream-table join also by the table writes its table's
 * stage feeds it), and one KafkaSink (at least once) for every sink exit. Used
 * on the client's thread while the job is built.
 */
public final class JobBuilder {
  private JobBuilder() {}

  /**
   * Adds the job's operators to {@code env}.
   *
   * @param config the application's config; {@code application.id} is the consumer group (offsets
   *     are committed on checkpoints) and {@code bootstrap.servers} the log
   */
  // flink-connector-kafka 5.0 still takes kafka-clients' deprecated OffsetResetStrategy.
  @SuppressWarnings("deprecation")
  public static void build(
      StreamExecutionEnvironment env,
      TopologyPlan plan,
      TopologySource source,
      Map<String, String> config) {
    StreamsConfig streams = StreamsConfig.from(config);
    String servers = config.get(StreamsConfig.BOOTSTRAP_SERVERS);
    Map<String, List<DataStream<BridgeRecord>>> inputs = new HashMap<>();
    List<DataStream<BridgeRecord>> toSinks = new ArrayList<>();
    for (TopologyPlan.Stage stage : plan.stages()) {
      StageSetup setup = new StageSetup(source, stage.entry(), config);
      DataStream<BridgeRecord> out;
      if (stage.role() == TopologyPlan.Role.SOURCE) {
        String topic = plan.node(stage.entry()).topic();
        KafkaSource<BridgeRecord> kafka =
            KafkaSource.<BridgeRecord>builder()
                .setBootstrapServers(servers)
                .setGroupId(streams.applicationId())
                .setTopics(topic)
                .setStartingOffsets(
                    OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new LogRecords.Reader())
                .build();
        out =
            env.fromSource(kafka, WatermarkStrategy.noWatermarks(), "log: " + topic)
                .uid("source-" + stage.entry())
                .process(new SourceStage(setup))
                .name(stage.entry())
                .uid(stage.entry())
                .returns(LogRecords.TYPE)
                .assignTimestampsAndWatermarks(StreamTimeWatermarks.strategy())
                .name("stream time: " + stage.entry())
                .uid("stream-time-" + stage.entry());
      } else {
        List<DataStream<BridgeRecord>> in = inputs.getOrDefault(stage.entry(), List.of());
        if (in.isEmpty()) {
          throw new IllegalStateException("stage " + stage.entry() + " has no input");
        }
        DataStream<BridgeRecord> union = in.get(0);
        for (DataStream<BridgeRecord> more : in.subList(1, in.size())) {
          union = union.union(more);
        }
        out =
            union
                .keyBy(new ByRoute(), Types.STRING)
                .process(keyedStage(setup, stage.role()))
                .name(stage.entry())
                .uid(stage.entry())
                .returns(LogRecords.TYPE);
      }
      List<TopologyPlan.Exit> exits = stage.exits();
      List<String> feeds = plan.tables().feeds(stage.entry());
      for (int i = 0; i < exits.size(); i++) {
        TopologyPlan.Exit exit = exits.get(i);
        DataStream<BridgeRecord> leaving =
            exits.size() == 1 && feeds.isEmpty() ? out : out.filter(new ByExit(i));
        switch (exit.role()) {
          case SINK:
            toSinks.add(leaving);
            break;
          case TABLE_REPARTITION_SINK:
            inputs
                .computeIfAbsent(
                    plan.tables().aggregationAfter(exit.target()), k -> new ArrayList<>())
                .add(leaving);
            break;
          case TABLE_JOIN_SIDE:
          case STREAM_JOIN_SIDE:
            inputs
                .computeIfAbsent(plan.tables().joinOf(exit.target()), k -> new ArrayList<>())
                .add(leaving);
            break;
          case REPARTITION_SINK:
            inputs
                .computeIfAbsent(plan.repartitionSourceOf(exit.target()), k -> new ArrayList<>())
                .add(leaving);
            break;
          default:
            inputs.computeIfAbsent(exit.target(), k -> new ArrayList<>()).add(leaving);
        }
      }
      // A table's store writes, to the stream-table joins that look it up.
      for (int i = 0; i < feeds.size(); i++) {
        inputs
            .computeIfAbsent(feeds.get(i), k -> new ArrayList<>())
            .add(out.filter(new ByExit(exits.size() + i)));
      }
    }
    if (toSinks.isEmpty()) {
      return;
    }
    DataStream<BridgeRecord> all = toSinks.get(0);
    for (DataStream<BridgeRecord> more : toSinks.subList(1, toSinks.size())) {
      all = all.union(more);
    }
    all.sinkTo(
            KafkaSink.<BridgeRecord>builder()
                .setBootstrapServers(servers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new LogRecords.Writer())
                .build())
        .name("log sinks")
        .uid("sinks");
  }

  /** The function of a keyed stage with entry role {@code role}. */
  private static KeyedProcessFunction<String, BridgeRecord, BridgeRecord> keyedStage(
      StageSetup setup, TopologyPlan.Role role) {
    switch (role) {
      case SESSION_AGGREGATE:
        return new SessionStage(setup);
      case SLIDING_AGGREGATE:
        return new SlidingStage(setup);
      case SUPPRESS:
        return new SuppressStage(setup);
      case PROCESSOR:
        return new ProcessorStage(setup);
      case TABLE_SOURCE:
        return new TableStage(setup);
      case STREAM_TABLE_JOIN:
      case TABLE_JOIN:
        return new JoinStage(setup);
      case STREAM_JOIN:
        return new StreamJoinStage(setup);
      default:
        return new KeyedStage(setup);
    }
  }

  /** Keys by the serialized key. */
  static final class ByRoute implements KeySelector<BridgeRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(BridgeRecord record) {
      return record.route;
    }
  }

  /** Keeps the records leaving by one exit. */
  static final class ByExit implements FilterFunction<BridgeRecord> {
    private static final long serialVersionUID = 1L;
    private final int exit;

    ByExit(int exit) {
      this.exit = exit;
    }

    @Override
    public boolean filter(BridgeRecord record) {
      return record.exit == exit;
    }
  }
}
