package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.Record;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code split()} into named branches, {@code repartition()}, and {@code to} a chosen topic. */
class SplitRepartitionTest {
  private static final Serde<String> S = Serdes.string();
  private static final Consumed<String, String> IN = Consumed.with(S, S);
  private static final Produced<String, String> OUT = Produced.with(S, S);

  @Test
  void eachRecordGoesToItsFirstMatchingBranchOrTheDefault() {
    AtomicInteger secondPredicateCalls = new AtomicInteger();
    StreamsBuilder builder = new StreamsBuilder();
    Map<String, KStream<String, String>> branches =
        builder
            .stream("in", IN)
            .split()
            .branch((k, v) -> v.length() < 3, "short")
            .branch(
                (k, v) -> {
                  secondPredicateCalls.incrementAndGet();
                  return v.length() < 5;
                },
                "medium")
            .defaultBranch("long");
    assertThat(branches).containsOnlyKeys("short", "medium", "long");
    branches.get("short").to("short", OUT);
    branches.get("medium").mapValues(v -> v.toUpperCase()).to("medium", OUT);
    branches.get("long").to("long", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "x");
      in.pipeInput("b", "xyz");
      in.pipeInput("c", "xyzzy");
      in.pipeInput("d", "xy");
      assertThat(driver.outputTopic("short", S, S).readKeyValues())
          .containsExactly(pair("a", "x"), pair("d", "xy"));
      assertThat(driver.outputTopic("medium", S, S).readKeyValues())
          .containsExactly(pair("b", "XYZ"));
      assertThat(driver.outputTopic("long", S, S).readKeyValues())
          .containsExactly(pair("c", "xyzzy"));
      // records taken by the first branch never reach the second predicate
      assertThat(secondPredicateCalls).hasValue(2);
    }
  }

  @Test
  void withoutADefaultBranchUnmatchedRecordsAreDropped() {
    StreamsBuilder builder = new StreamsBuilder();
    Map<String, KStream<String, String>> branches =
        builder
            .stream("in", IN)
            .split()
            .branch((k, v) -> v.startsWith("y"), "yes")
            .noDefaultBranch();
    branches.get("yes").to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "yes");
      in.pipeInput("b", "no");
      assertThat(driver.outputTopic("out", S, S).readKeyValues()).containsExactly(pair("a", "yes"));
    }
    assertThatThrownBy(
            () ->
                new StreamsBuilder()
                    .stream("in", IN)
                    .split()
                    .branch((k, v) -> true, "x")
                    .branch((k, v) -> true, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("branch named 'x'");
  }

  /** Forwards key -> "value@task". */
  private static final class TaskTagger implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, String> record) {
      context.forward(record.withValue(record.value() + "@" + context.taskId()));
    }
  }

  @Test
  void repartitionSendsEachKeyToTheTaskOwningItsPartition() {
    StreamsBuilder builder = new StreamsBuilder();
    builder
        .stream("in", IN)
        .selectKey((k, v) -> v)
        .repartition(Repartitioned.with(S, S).withName("by-value"))
        .process(TaskTagger::new)
        .to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 4)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      List<String> words = List.of("apple", "banana", "cherry", "date", "elder", "fig");
      for (int i = 0; i < words.size(); i++) {
        in.pipeInput("line-" + i, words.get(i));
      }
      List<KeyValue<String, String>> out = driver.outputTopic("out", S, S).readKeyValues();
      assertThat(out).hasSize(words.size());
      for (KeyValue<String, String> kv : out) {
        int owner = KeyPartitioner.partition(S.serialize(kv.key()), 4);
        assertThat(kv.value()).isEqualTo(kv.key() + "@0_" + owner);
      }
      assertThat(driver.log().describeTopic("test-driver-by-value-repartition")).isPresent();
    }
  }

  @Test
  void toATopicChosenPerRecord() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", IN).to((k, v) -> v.length() % 2 == 0 ? "even" : "odd", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      driver.log().createTopic(TopicSpec.of("even", 2));
      driver.log().createTopic(TopicSpec.of("odd", 3));
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "x");
      in.pipeInput("b", "xy");
      in.pipeInput("c", "xyz");
      assertThat(driver.outputTopic("odd", S, S).readKeyValuesToMap())
          .containsExactlyInAnyOrderEntriesOf(Map.of("a", "x", "c", "xyz"));
      assertThat(driver.outputTopic("even", S, S).readKeyValues()).containsExactly(pair("b", "xy"));
    }
  }

  @Test
  void aChosenTopicThatDoesNotExistFailsNamingIt() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", IN).to((k, v) -> "nowhere", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      assertThatThrownBy(() -> driver.inputTopic("in", S, S).pipeInput("a", "x"))
          .isInstanceOf(StreamsException.class)
          .hasMessageContaining("sink topic 'nowhere' does not exist");
    }
  }
}
