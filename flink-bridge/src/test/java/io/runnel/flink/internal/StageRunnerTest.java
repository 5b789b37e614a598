package io.runnel.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.KStream;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.StreamsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stage's stateless nodes run with their streams-api processors: records leave by the exit of the
 * sink they reach, serialized with that sink's serdes (no Flink needed to see it).
 */
class StageRunnerTest {
  private static final Serde<String> S = Serdes.string();

  private static String text(Object bytes) {
    return S.deserialize((byte[]) bytes);
  }

  @Test
  void splitMergeAndMapRouteRecordsToTheirSinksExits() {
    StreamsBuilder builder = new StreamsBuilder();
    Map<String, KStream<String, String>> branches =
        builder.stream("in", Consumed.with(S, S))
            .filter((key, value) -> !value.isEmpty())
            .split()
            .branch((key, value) -> value.startsWith("a"), "a")
            .defaultBranch("rest");
    branches.get("a").mapValues(value -> value.toUpperCase()).to("as", Produced.with(S, S));
    branches
        .get("rest")
        .map((key, value) -> KeyValue.pair(value, key))
        .merge(branches.get("a"))
        .to("all", Produced.with(S, S));
    TopologyPlan plan = TopologyPlan.of(builder.build().graph());
    TopologyPlan.Stage stage = plan.stages().get(0);
    StageRunner runner =
        new StageRunner(
            plan,
            stage,
            StreamsConfig.from(Map.of("application.id", "t", "bootstrap.servers", "127.0.0.1:1")));
    List<BridgeRecord> out = new ArrayList<>();
    runner.emitTo(out::add);

    runner.process("k1", "apple", 10, 10);
    runner.process("k2", "", 11, 11);
    runner.process("k3", "berry", 12, 12);

    assertThat(out)
        .extracting(r -> r.topic + " " + text(r.key) + "=" + text(r.value) + "@" + r.timestamp)
        .containsExactly("as k1=APPLE@10", "all k1=apple@10", "all berry=k3@12");
    assertThat(out)
        .allSatisfy(
            r -> assertThat(stage.exits().get(r.exit).role()).isEqualTo(TopologyPlan.Role.SINK));
  }
}
