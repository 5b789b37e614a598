package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every DSL operator of this slice, with the outputs a user sees through the TestDriver. */
class OperatorsTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();
  private static final Consumed<String, String> IN = Consumed.with(S, S);
  private static final Produced<String, String> OUT = Produced.with(S, S);

  /**
   * Builds with {@code body} reading "in", runs, pipes {@code input}, returns "out" as
   * String/String.
   */
  private static List<KeyValue<String, String>> run(
      Consumer<KStream<String, String>> body, List<KeyValue<String, String>> input) {
    StreamsBuilder builder = new StreamsBuilder();
    body.accept(builder.stream("in", IN));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 3)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      for (KeyValue<String, String> kv : input) {
        in.pipeInput(kv.key(), kv.value());
      }
      return driver.outputTopic("out", S, S).readKeyValues();
    }
  }

  private static final List<KeyValue<String, String>> ABC =
      List.of(pair("a", "1"), pair("b", "22"), pair("c", "333"));

  @Test
  void filterKeepsMatchingRecords() {
    assertThat(run(s -> s.filter((k, v) -> v.length() > 1).to("out", OUT), ABC))
        .containsExactly(pair("b", "22"), pair("c", "333"));
  }

  @Test
  void filterNotDropsMatchingRecords() {
    assertThat(run(s -> s.filterNot((k, v) -> v.length() > 1).to("out", OUT), ABC))
        .containsExactly(pair("a", "1"));
  }

  @Test
  void mapChangesKeyAndValue() {
    assertThat(run(s -> s.map((k, v) -> pair(v, k)).to("out", OUT), ABC))
        .containsExactly(pair("1", "a"), pair("22", "b"), pair("333", "c"));
  }

  @Test
  void mapValuesKeepsTheKey() {
    assertThat(run(s -> s.mapValues(v -> v + "!").to("out", OUT), ABC))
        .containsExactly(pair("a", "1!"), pair("b", "22!"), pair("c", "333!"));
  }

  @Test
  void flatMapEmitsZeroOrMoreRecords() {
    assertThat(
            run(
                s ->
                    s.flatMap(
                            (k, v) -> {
                              List<KeyValue<String, String>> out = new ArrayList<>();
                              for (int i = 1; i < v.length(); i++) {
                                out.add(pair(k + i, v));
                              }
                              return out;
                            })
                        .to("out", OUT),
                ABC))
        .containsExactly(pair("b1", "22"), pair("c1", "333"), pair("c2", "333"));
  }

  @Test
  void flatMapValuesSplitsValues() {
    assertThat(
            run(
                s -> s.flatMapValues(v -> List.of(v.split(" "))).to("out", OUT),
                List.of(pair("k", "x y"), pair("j", "z"))))
        .containsExactly(pair("k", "x"), pair("k", "y"), pair("j", "z"));
  }

  @Test
  void selectKeyReplacesTheKey() {
    assertThat(run(s -> s.selectKey((k, v) -> k + v).to("out", OUT), ABC))
        .containsExactly(pair("a1", "1"), pair("b22", "22"), pair("c333", "333"));
  }

  @Test
  void peekAndForeachSeeEveryRecord() {
    List<String> peeked = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<KeyValue<String, String>> out =
        run(
            s -> {
              KStream<String, String> p = s.peek((k, v) -> peeked.add(k));
              p.foreach((k, v) -> seen.add(k + "=" + v));
              p.to("out", OUT);
            },
            ABC);
    assertThat(peeked).containsExactly("a", "b", "c");
    assertThat(seen).containsExactly("a=1", "b=22", "c=333");
    assertThat(out).isEqualTo(ABC);
  }

  @Test
  void mergeInterleavesTwoStreams() {
    List<KeyValue<String, String>> out =
        run(
            s -> {
              KStream<String, String> small = s.filter((k, v) -> v.length() == 1);
              KStream<String, String> big =
                  s.filter((k, v) -> v.length() > 1).mapValues(v -> "big");
              small.merge(big).to("out", OUT);
            },
            ABC);
    assertThat(out).containsExactly(pair("a", "1"), pair("b", "big"), pair("c", "big"));
  }

  @Test
  void toWritesEachKeyToItsMurmur2Partition() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", IN).to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 4)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      for (int i = 0; i < 20; i++) {
        in.pipeInput("key" + i, "v", 5L * i);
      }
      List<TestRecord<String, String>> records = driver.outputTopic("out", S, S).readRecords();
      assertThat(records).hasSize(20);
      for (int i = 0; i < 20; i++) {
        TestRecord<String, String> r = records.get(i);
        assertThat(r.key()).isEqualTo("key" + i);
        assertThat(r.timestamp()).isEqualTo(5L * i);
        assertThat(r.partition())
            .isEqualTo(io.runnel.streams.log.KeyPartitioner.partition(S.serialize(r.key()), 4));
      }
      assertThat(records).extracting(TestRecord::partition).contains(0, 1, 2, 3);
    }
  }

  @Test
  void countReduceAndAggregateEmitTheLatestValuePerKey() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> in = builder.stream("in", IN);
    KGroupedStream<String, String> grouped = in.groupByKey(Grouped.with(S, S));
    grouped
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("counts", Produced.with(S, L));
    grouped
        .reduce((a, b) -> a + "+" + b, Materialized.<String, String>as("joined").withValueSerde(S))
        .toStream()
        .to("joined", OUT);
    grouped
        .aggregate(
            () -> 0L,
            (k, v, sum) -> sum + v.length(),
            Materialized.<String, Long>as("lengths").withValueSerde(L))
        .toStream()
        .to("lengths", Produced.with(S, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 3)) {
      TestInputTopic<String, String> input = driver.inputTopic("in", S, S);
      input.pipeInput("a", "x");
      input.pipeInput("b", "yy");
      input.pipeInput("a", "zzz");
      input.pipeInput(null, "ignored");

      assertThat(driver.outputTopic("counts", S, L).readKeyValues())
          .containsExactly(pair("a", 1L), pair("b", 1L), pair("a", 2L));
      assertThat(driver.outputTopic("joined", S, S).readKeyValues())
          .containsExactly(pair("a", "x"), pair("b", "yy"), pair("a", "x+zzz"));
      assertThat(driver.outputTopic("lengths", S, L).readKeyValues())
          .containsExactly(pair("a", 1L), pair("b", 2L), pair("a", 4L));
      assertThat(driver.store("counts", S, L)).containsOnly(Map.entry("a", 2L), Map.entry("b", 1L));
    }
  }

  @Test
  void cacheEmitsEachKeyOncePerCommitAndTurnsOffAtZeroBytes() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", IN)
        .flatMapValues(v -> List.of(v.split(" ")))
        .groupBy((k, w) -> w, Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("out", Produced.with(S, L));
    Topology topology = builder.build();
    try (TestDriver cached = new TestDriver(topology, Map.of(), 2)) {
      cached.inputTopic("in", S, S).pipeInput(null, "a a a");
      // one piped record, one commit: the cache emits "a" once, with its final count
      assertThat(cached.outputTopic("out", S, L).readKeyValues()).containsExactly(pair("a", 3L));
    }
    try (TestDriver uncached =
        new TestDriver(topology, Map.of("statestore.cache.max.bytes", "0"), 2)) {
      uncached.inputTopic("in", S, S).pipeInput(null, "a a a");
      assertThat(uncached.outputTopic("out", S, L).readKeyValues())
          .containsExactly(pair("a", 1L), pair("a", 2L), pair("a", 3L));
    }
  }

  @Test
  void tableFilterMapValuesAndToStream() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", IN)
        .groupByKey(Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .filter((k, n) -> n % 2 == 0)
        .mapValues(n -> "even:" + n)
        .toStream()
        .to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 2)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      for (String key : List.of("a", "a", "a", "b", "a")) {
        in.pipeInput(key, "x");
      }
      // a: 1 (filtered out, nothing before), 2 (even), 3 (odd: a deletion), b: 1 (nothing), a: 4
      List<KeyValue<String, String>> out = driver.outputTopic("out", S, S).readKeyValues();
      List<KeyValue<String, String>> expected = new ArrayList<>();
      expected.add(pair("a", "even:2"));
      expected.add(pair("a", null));
      expected.add(pair("a", "even:4"));
      assertThat(out).isEqualTo(expected);
    }
  }

  @Test
  void defaultSerdesComeFromConfig() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream("in", Consumed.defaults())
        .mapValues(String::toUpperCase)
        .to("out", Produced.defaults());
    Map<String, String> config =
        Map.of("default.key.serde", "string", "default.value.serde", "string");
    try (TestDriver driver = new TestDriver(builder.build(), config, 1)) {
      driver.inputTopic("in", S, S).pipeInput("k", "hello");
      assertThat(driver.outputTopic("out", S, S).readKeyValues())
          .containsExactly(pair("k", "HELLO"));
    }
  }
}
