package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.LogRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word count end to end on the memory backend, through a repartition topic, 4 partitions. */
class WordCountTest {
  static final Serde<String> S = Serdes.string();
  static final Serde<Long> L = Serdes.longs();

  static Topology wordCount() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lines", Consumed.with(S, S))
        .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .groupBy((key, word) -> word, Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("word-counts", Produced.with(S, L));
    return builder.build();
  }

  static final List<String> LINES =
      List.of(
          "the quick brown fox",
          "jumps over the lazy dog",
          "The dog barks, the fox runs",
          "quick quick QUICK");

  static Map<String, Long> expectedCounts(List<String> lines) {
    Map<String, Long> counts = new HashMap<>();
    for (String line : lines) {
      for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
        if (!word.isEmpty()) {
          counts.merge(word, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  @Test
  void countsWordsAcrossFourPartitionsThroughTheRepartitionTopic() {
    try (TestDriver driver = new TestDriver(wordCount(), Map.of("application.id", "wc"), 4)) {
      TestInputTopic<String, String> lines = driver.inputTopic("lines", S, S);
      // Keys spread the lines over the 4 input partitions, so a word is seen by several tasks.
      for (int i = 0; i < LINES.size(); i++) {
        lines.pipeInput("line-" + i, LINES.get(i));
      }
      Map<String, Long> expected = expectedCounts(LINES);
      assertThat(driver.outputTopic("word-counts", S, L).readKeyValuesToMap()).isEqualTo(expected);
      assertThat(driver.store("counts", S, L)).isEqualTo(expected);

      // Each word was counted by exactly one task: the one owning murmur2(word) % 4.
      List<LogRecord> repartitioned = driver.log().records("wc-counts-repartition");
      assertThat(repartitioned).hasSize(expected.values().stream().mapToInt(Long::intValue).sum());
      for (LogRecord r : repartitioned) {
        assertThat(r.partition()).isEqualTo(KeyPartitioner.partition(r.key(), 4));
      }
      List<LogRecord> changelog = driver.log().records("wc-counts-changelog");
      for (LogRecord r : changelog) {
        assertThat(r.partition()).isEqualTo(KeyPartitioner.partition(r.key(), 4));
      }
      assertThat(driver.log().describeTopic("wc-counts-changelog").orElseThrow().configs())
          .containsEntry("cleanup.policy", "compact");
    }
  }

  @Test
  void describeListsSourcesProcessorsStoresAndInternalTopics() {
    String description = wordCount().describe();
    assertThat(description)
        .contains("Source: KSTREAM-SOURCE-0000000000 (topic: lines)")
        .contains("--> KSTREAM-FLATMAPVALUES-0000000001")
        .contains("Sink: KSTREAM-REPARTITION-SINK")
        .contains("(topic: <application.id>-counts-repartition)")
        .contains("Processor: KSTREAM-COUNT")
        .contains("(stores: [counts])")
        .contains("Sink: KSTREAM-SINK")
        .contains("(topic: word-counts)")
        .contains("Stores:\n  counts (rocksdb, changelog: <application.id>-counts-changelog)")
        .contains(
            "Internal topics:\n  <application.id>-counts-repartition\n"
                + "  <application.id>-counts-changelog");
  }
}
