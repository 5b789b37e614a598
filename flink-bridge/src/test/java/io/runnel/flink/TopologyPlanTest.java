package io.runnel.flink;

import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.flink.internal.TopologyPlan;
import io.runnel.state.KeyValue;
import io.runnel.streams.Consumed;
import io.runnel.streams.JoinWindows;
import io.runnel.streams.KStream;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamJoined;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.Record;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What translates into which stages, and what is refused (before any job starts) and how. */
class TopologyPlanTest {

  @Test
  void wordCountIsASourceStageARepartitionStageAndAnAggregateStage() {
    TopologyPlan plan = TopologyPlan.of(Topologies.wordCount("lines", "counts").graph());

    assertThat(plan.stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(
            TopologyPlan.Role.SOURCE,
            TopologyPlan.Role.REPARTITION_SOURCE,
            TopologyPlan.Role.AGGREGATE);
    assertThat(plan.stages().get(0).nodes())
        .hasSize(3)
        .allSatisfy(name -> assertThat(plan.role(name)).isEqualTo(TopologyPlan.Role.STATELESS));
    assertThat(plan.stages().get(0).exits())
        .extracting(TopologyPlan.Exit::role)
        .containsExactly(TopologyPlan.Role.REPARTITION_SINK);
    assertThat(plan.stages().get(2).exits())
        .extracting(TopologyPlan.Exit::role)
        .containsExactly(TopologyPlan.Role.SINK);
  }

  @Test
  void aStreamGroupedTwiceLeavesItsSourceStageByTwoExits() {
    TopologyPlan plan = TopologyPlan.of(Topologies.windowedCounts("clicks", "out").graph());

    assertThat(plan.stages().get(0).exits())
        .extracting(TopologyPlan.Exit::role)
        .containsExactly(TopologyPlan.Role.WINDOW_AGGREGATE, TopologyPlan.Role.WINDOW_AGGREGATE);
  }

  static final class Upper implements Processor<String, String, String, String> {
    @Override
    public void process(Record<String, String> record) {}
  }

  @Test
  void aProcessorApiNodeAfterAKeyChangeIsRefusedByName() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(S, S))
        .map((key, value) -> KeyValue.pair(value, key))
        .process(Upper::new)
        .to("out", Produced.with(S, S));
    Topology topology = builder.build();

    assertThatThrownBy(() -> FlinkRunner.check(topology))
        .isInstanceOf(UnsupportedTopologyException.class)
        .hasMessageStartingWith(
            "flink-bridge cannot run 'KSTREAM-PROCESSOR-0000000002' (Processor API): ")
        .hasMessageContaining("run this topology with RunnelStreams instead")
        .extracting(e -> ((UnsupportedTopologyException) e).node())
        .isEqualTo("KSTREAM-PROCESSOR-0000000002");
  }

  @Test
  void streamStreamJoinsPlanIntoOneStageEachFedByBothSources() {
    TopologyPlan plan = TopologyPlan.of(Topologies.streamJoins("clicks", "views", "out").graph());

    assertThat(plan.stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(
            TopologyPlan.Role.SOURCE,
            TopologyPlan.Role.SOURCE,
            TopologyPlan.Role.STREAM_JOIN,
            TopologyPlan.Role.STREAM_JOIN,
            TopologyPlan.Role.STREAM_JOIN);
    List<String> joins =
        plan.stages().stream()
            .filter(stage -> stage.role() == TopologyPlan.Role.STREAM_JOIN)
            .map(TopologyPlan.Stage::entry)
            .toList();
    // Each source leaves by one exit per join, the join's side of that source.
    for (TopologyPlan.Stage source : plan.stages().subList(0, 2)) {
      assertThat(source.exits())
          .extracting(TopologyPlan.Exit::role)
          .containsOnly(TopologyPlan.Role.STREAM_JOIN_SIDE);
      assertThat(source.exits())
          .extracting(exit -> plan.tables().joinOf(exit.target()))
          .containsExactlyElementsOf(joins);
    }
    assertThat(plan.stages().get(0).exits())
        .extracting(exit -> prefix(exit.target()))
        .containsOnly("KSTREAM-JOINTHIS");
    assertThat(plan.stages().get(1).exits())
        .extracting(exit -> prefix(exit.target()))
        .containsOnly("KSTREAM-JOINOTHER");
    // The joined records leave each join stage to its sink.
    assertThat(plan.stages().subList(2, 5))
        .allSatisfy(
            stage ->
                assertThat(stage.exits())
                    .extracting(TopologyPlan.Exit::role)
                    .containsExactly(TopologyPlan.Role.SINK));
  }

  @Test
  void aReKeyedSideReachesItsStreamStreamJoinThroughARepartitionStage() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> views =
        builder.stream("views", Consumed.with(S, S)).selectKey((user, page) -> page);
    builder.stream("clicks", Consumed.with(S, S))
        .join(
            views,
            (click, view) -> click + view,
            JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofSeconds(5)),
            StreamJoined.with(S, S, S))
        .to("out", Produced.with(S, S));

    TopologyPlan plan = TopologyPlan.of(builder.build().graph());

    TopologyPlan.Stage join = plan.stages().get(plan.stages().size() - 1);
    assertThat(join.role()).isEqualTo(TopologyPlan.Role.STREAM_JOIN);
    assertThat(plan.stages())
        .filteredOn(stage -> stage.role() == TopologyPlan.Role.REPARTITION_SOURCE)
        .singleElement()
        .satisfies(
            repartition ->
                assertThat(repartition.exits())
                    .singleElement()
                    .satisfies(
                        exit -> {
                          assertThat(prefix(exit.target())).isEqualTo("KSTREAM-JOINOTHER");
                          assertThat(plan.tables().joinOf(exit.target())).isEqualTo(join.entry());
                        }));
  }

  @Test
  void aJoinWrittenToATopicChosenPerRecordIsRefusedByTheSinkName() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> views = builder.stream("views", Consumed.with(S, S));
    builder.stream("clicks", Consumed.with(S, S))
        .join(
            views,
            (click, view) -> click + view,
            JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofSeconds(5)),
            StreamJoined.with(S, S, S))
        .to((key, value) -> "out-" + key, Produced.with(S, S));
    Topology topology = builder.build();

    // Refused in start(), before the environment is even asked for: no cluster is running here.
    assertThatThrownBy(
            () ->
                FlinkRunner.start(
                    topology, Map.of("application.id", "x", "bootstrap.servers", "127.0.0.1:1")))
        .isInstanceOf(UnsupportedTopologyException.class)
        .hasMessageStartingWith("flink-bridge cannot run 'KSTREAM-SINK-")
        .hasMessageContaining("(sink with a TopicNameExtractor): the topic is chosen per record")
        .hasMessageContaining("run this topology with RunnelStreams instead");
  }

  @Test
  void aRegroupedTableGoesFromItsTableStageStraightToTheAggregations() {
    TopologyPlan plan = TopologyPlan.of(Topologies.regionCounts("users", "counts").graph());

    assertThat(plan.stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(
            TopologyPlan.Role.SOURCE,
            TopologyPlan.Role.TABLE_SOURCE,
            TopologyPlan.Role.AGGREGATE,
            TopologyPlan.Role.AGGREGATE);
    TopologyPlan.Stage table = plan.stages().get(1);
    // filter, mapValues and each aggregation's selector run inside the table's stage
    assertThat(table.nodes())
        .extracting(TopologyPlanTest::prefix)
        .containsExactly("KTABLE-FILTER", "KTABLE-MAPVALUES", "KTABLE-SELECT", "KTABLE-SELECT");
    assertThat(table.exits())
        .extracting(TopologyPlan.Exit::role)
        .containsExactly(
            TopologyPlan.Role.TABLE_REPARTITION_SINK, TopologyPlan.Role.TABLE_REPARTITION_SINK);
    assertThat(table.exits())
        .extracting(exit -> plan.tables().aggregationAfter(exit.target()))
        .containsExactly(plan.stages().get(2).entry(), plan.stages().get(3).entry());
  }

  @Test
  void aTableFeedsTheStreamTableJoinsThatLookItUp() {
    TopologyPlan plan =
        TopologyPlan.of(Topologies.joins("clicks", "users", "plans", "views", "out").graph());

    TopologyPlan.Stage users = plan.stages().get(1);
    assertThat(users.role()).isEqualTo(TopologyPlan.Role.TABLE_SOURCE);
    List<String> joins = plan.tables().feeds(users.entry());
    assertThat(joins)
        .extracting(TopologyPlanTest::prefix)
        .containsExactly("KSTREAM-JOIN", "KSTREAM-LEFTJOIN", "KSTREAM-JOIN");
    // The re-keyed clicks reach their join through a repartition stage.
    assertThat(plan.stages())
        .filteredOn(stage -> stage.role() == TopologyPlan.Role.REPARTITION_SOURCE)
        .singleElement()
        .extracting(TopologyPlan.Stage::exits)
        .isEqualTo(
            List.of(new TopologyPlan.Exit(joins.get(2), TopologyPlan.Role.STREAM_TABLE_JOIN)));
    TopologyPlan.Stage viewCounts =
        plan.stages().stream()
            .filter(stage -> stage.role() == TopologyPlan.Role.AGGREGATE)
            .findFirst()
            .orElseThrow();
    assertThat(plan.tables().feeds(viewCounts.entry()))
        .extracting(TopologyPlanTest::prefix)
        .containsExactly("KSTREAM-JOIN");
    assertThat(plan.stages())
        .extracting(TopologyPlan.Stage::role)
        .contains(TopologyPlan.Role.STREAM_TABLE_JOIN, TopologyPlan.Role.TABLE_JOIN);
  }

  private static String prefix(String node) {
    return node.replaceFirst("-\\d{10}$", "");
  }

  @Test
  void aMissingBootstrapServerIsNamed() {
    assertThatThrownBy(
            () -> FlinkRunner.start(Topologies.wordCount("a", "b"), Map.of("application.id", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "config key 'bootstrap.servers' is missing: flink-bridge needs it to reach the log");
  }

  @Test
  void aBadParallelismIsNamed() {
    assertThatThrownBy(
            () ->
                FlinkRunner.start(
                    Topologies.wordCount("a", "b"),
                    Map.of(
                        "application.id",
                        "x",
                        "bootstrap.servers",
                        "127.0.0.1:1",
                        FlinkRunner.PARALLELISM,
                        "zero")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config key 'flink.parallelism' is 'zero': it must be a whole number > 0");
  }

  @Test
  void aNegativeEmitIntervalIsNamed() {
    assertThatThrownBy(
            () ->
                FlinkRunner.start(
                    Topologies.wordCount("a", "b"),
                    Map.of(
                        "application.id",
                        "x",
                        "bootstrap.servers",
                        "127.0.0.1:1",
                        FlinkRunner.EMIT_INTERVAL_MS,
                        "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config key 'flink.emit.interval.ms' is '-1': it must be a whole number >= 0");
  }

  @Test
  void anAppClassWithoutTopologyMethodIsExplained() {
    assertThatThrownBy(() -> TopologySource.ofClass(List.class.getName()).topology())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no public static Topology topology() method");
  }
}
