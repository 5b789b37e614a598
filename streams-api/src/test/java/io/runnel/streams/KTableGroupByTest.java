package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code KTable.groupBy} then count, aggregate and reduce: rows moving between groups, updates
 * within a group and deletions are subtracted with the table's old values, across 2 tasks.
 */
class KTableGroupByTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();

  private static KTable<String, String> table(StreamsBuilder builder, String topic) {
    return builder.table(topic, Consumed.with(S, S), Materialized.as(topic + "-store"));
  }

  @Test
  void countFollowsRowsMovingBetweenGroupsAndDeletions() {
    StreamsBuilder builder = new StreamsBuilder();
    table(builder, "users")
        .groupBy((user, region) -> pair(region, user), Grouped.with(S, S))
        .count(Materialized.<String, Long>as("per-region").withValueSerde(L))
        .toStream()
        .to("counts", Produced.with(S, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 2)) {
      TestInputTopic<String, String> users = driver.inputTopic("users", S, S);
      TestOutputTopic<String, Long> counts = driver.outputTopic("counts", S, L);
      users.pipeInput("alice", "eu");
      users.pipeInput("bob", "eu");
      users.pipeInput("carol", "us");
      assertThat(counts.readKeyValues())
          .containsExactly(pair("eu", 1L), pair("eu", 2L), pair("us", 1L));
      users.pipeInput("alice", "us");
      assertThat(counts.readKeyValues()).containsExactlyInAnyOrder(pair("eu", 1L), pair("us", 2L));
      users.pipeInput("bob", null);
      assertThat(counts.readKeyValues()).containsExactly(pair("eu", 0L));
      // an update that keeps the row in its group changes nothing
      users.pipeInput("carol", "us");
      assertThat(counts.readKeyValuesToMap())
          .allSatisfy((region, n) -> assertThat(n).isEqualTo(2L));
      assertThat(driver.store("per-region", S, L))
          .containsOnly(Map.entry("eu", 0L), Map.entry("us", 2L));
      assertThat(driver.log().describeTopic("test-driver-per-region-repartition")).isPresent();
    }
  }

  @Test
  void aggregateSubtractsTheOldValueOnUpdate() {
    StreamsBuilder builder = new StreamsBuilder();
    table(builder, "prices")
        .groupBy(
            (item, text) -> {
              String[] parts = text.split(":");
              return pair(parts[0], Long.parseLong(parts[1]));
            },
            Grouped.with(S, L).withName("by-category"))
        .aggregate(
            () -> 0L,
            (category, price, total) -> total + price,
            (category, price, total) -> total - price,
            Materialized.<String, Long>as("totals").withValueSerde(L))
        .toStream()
        .to("totals", Produced.with(S, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 2)) {
      TestInputTopic<String, String> prices = driver.inputTopic("prices", S, S);
      TestOutputTopic<String, Long> totals = driver.outputTopic("totals", S, L);
      prices.pipeInput("apple", "fruit:3");
      prices.pipeInput("pear", "fruit:4");
      prices.pipeInput("leek", "veg:2");
      prices.pipeInput("apple", "fruit:5");
      assertThat(totals.readKeyValues())
          .containsExactly(
              pair("fruit", 3L), pair("fruit", 7L), pair("veg", 2L), pair("fruit", 9L));
      prices.pipeInput("pear", "veg:10");
      assertThat(totals.readKeyValues())
          .containsExactlyInAnyOrder(pair("fruit", 5L), pair("veg", 12L));
      assertThat(driver.store("totals", S, L))
          .containsOnly(Map.entry("fruit", 5L), Map.entry("veg", 12L));
      assertThat(driver.log().describeTopic("test-driver-by-category-repartition")).isPresent();
    }
  }

  @Test
  void reduceAddsAndSubtracts() {
    StreamsBuilder builder = new StreamsBuilder();
    table(builder, "scores")
        .groupBy(
            (player, text) -> pair(text.substring(0, 1), Long.parseLong(text.substring(2))),
            Grouped.with(S, L))
        .reduce(Long::sum, (a, b) -> a - b, Materialized.<String, Long>as("team").withValueSerde(L))
        .toStream()
        .to("teams", Produced.with(S, L));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> scores = driver.inputTopic("scores", S, S);
      scores.pipeInput("p1", "a=10");
      scores.pipeInput("p2", "a=5");
      scores.pipeInput("p1", "a=1");
      scores.pipeInput("p2", null);
      assertThat(driver.outputTopic("teams", S, L).readKeyValues())
          .containsExactly(pair("a", 10L), pair("a", 15L), pair("a", 6L), pair("a", 1L));
    }
  }
}
