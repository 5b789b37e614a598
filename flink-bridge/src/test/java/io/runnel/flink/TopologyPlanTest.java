package io.runnel.flink;

import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.flink.internal.TopologyPlan;
import io.runnel.state.KeyValue;
import io.runnel.streams.Consumed;
import io.runnel.streams.Joined;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.Record;
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
  void aStreamTableJoinIsRefusedBeforeAnyJobStarts() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> users =
        builder.table("users", Consumed.with(S, S), Materialized.as("users"));
    builder.stream("clicks", Consumed.with(S, S))
        .join(users, (click, user) -> click + user, Joined.with(S, S))
        .to("out", Produced.with(S, S));
    Topology topology = builder.build();

    // Refused in start(), before the environment is even asked for: no cluster is running here.
    assertThatThrownBy(
            () ->
                FlinkRunner.start(
                    topology, Map.of("application.id", "x", "bootstrap.servers", "127.0.0.1:1")))
        .isInstanceOf(UnsupportedTopologyException.class)
        .hasMessageStartingWith("flink-bridge cannot run 'KTABLE-SOURCE-");
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
