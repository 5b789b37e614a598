package io.runnel.flink;

import static io.runnel.flink.Topologies.L;
import static io.runnel.flink.Topologies.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.flink.internal.TopologyPlan;
import io.runnel.streams.Consumed;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.PunctuationType;
import io.runnel.streams.processor.Record;
import io.runnel.streams.processor.StoreBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How session, sliding and suppressed windowed aggregations and user processors plan into stages,
 * and which user processors are refused before any job starts, and how.
 */
class ProcessorPlanTest {

  @Test
  void windowedAggregationsAndSuppressAreKeyedStages() {
    assertThat(
            TopologyPlan.of(StatefulTopologies.sessionCounts("in", "out").graph()).stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(TopologyPlan.Role.SOURCE, TopologyPlan.Role.SESSION_AGGREGATE);
    assertThat(
            TopologyPlan.of(StatefulTopologies.slidingCounts("in", "out").graph()).stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(TopologyPlan.Role.SOURCE, TopologyPlan.Role.SLIDING_AGGREGATE);
    TopologyPlan suppressed =
        TopologyPlan.of(StatefulTopologies.suppressedCounts("in", "out").graph());
    assertThat(suppressed.stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(
            TopologyPlan.Role.SOURCE,
            TopologyPlan.Role.WINDOW_AGGREGATE,
            TopologyPlan.Role.SUPPRESS);
    assertThat(suppressed.stages().get(2).exits())
        .extracting(TopologyPlan.Exit::role)
        .containsExactly(TopologyPlan.Role.SINK);
  }

  @Test
  void aProcessorFedByItsTopicIsAKeyedStage() {
    TopologyPlan plan = TopologyPlan.of(StatefulTopologies.processorCounts("in", "out").graph());

    assertThat(plan.stages())
        .extracting(TopologyPlan.Stage::role)
        .containsExactly(TopologyPlan.Role.SOURCE, TopologyPlan.Role.PROCESSOR);
    assertThat(plan.stages().get(0).exits())
        .extracting(TopologyPlan.Exit::role)
        .containsExactly(TopologyPlan.Role.PROCESSOR);
  }

  static final class Noop implements Processor<String, String, String, String> {
    @Override
    public void process(Record<String, String> record) {}
  }

  @Test
  void aProcessorAfterAKeyChangeIsRefusedByName() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore("seen", S, L));
    builder.stream("in", Consumed.with(S, S))
        .selectKey((key, value) -> value)
        .process(Noop::new, "seen")
        .to("out", Produced.with(S, S));
    Topology topology = builder.build();

    assertThatThrownBy(() -> FlinkRunner.check(topology))
        .isInstanceOf(UnsupportedTopologyException.class)
        .hasMessageStartingWith(
            "flink-bridge cannot run 'KSTREAM-PROCESSOR-0000000002' (Processor API): its input"
                + " comes from 'KSTREAM-KEY-SELECT-0000000001'")
        .hasMessageContaining("add repartition() before process()")
        .extracting(e -> ((UnsupportedTopologyException) e).node())
        .isEqualTo("KSTREAM-PROCESSOR-0000000002");
  }

  static final class Ticking implements Processor<String, String, String, String> {
    @Override
    public void init(ProcessorContext<String, String> context) {
      context.schedule(Duration.ofSeconds(1), PunctuationType.STREAM_TIME, time -> {});
    }

    @Override
    public void process(Record<String, String> record) {}
  }

  @Test
  void aProcessorWithAPunctuatorIsRefusedBeforeAnyJobStarts() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(S, S))
        .process(Ticking::new)
        .to("out", Produced.with(S, S));
    Topology topology = builder.build();

    assertThatThrownBy(() -> FlinkRunner.check(topology))
        .isInstanceOf(UnsupportedTopologyException.class)
        .hasMessageStartingWith(
            "flink-bridge cannot run 'KSTREAM-PROCESSOR-0000000001' (Processor API): it schedules"
                + " a punctuator")
        .hasMessageContaining("run this topology with RunnelStreams instead");
  }
}
