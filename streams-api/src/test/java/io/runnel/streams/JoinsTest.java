package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static io.runnel.streams.RestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream-table and table-table joins through the TestDriver, and the co-partitioning check. */
class JoinsTest {
  private static final Serde<String> S = Serdes.string();
  private static final Consumed<String, String> IN = Consumed.with(S, S);
  private static final Produced<String, String> OUT = Produced.with(S, S);
  @TempDir Path stateDir;

  private static List<KeyValue<String, String>> streamTable(boolean left) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> users =
        builder.table("users", IN, Materialized.<String, String>as("users"));
    KStream<String, String> clicks = builder.stream("clicks", IN);
    ValueJoiner<String, String, String> joiner = (click, country) -> click + "@" + country;
    (left
            ? clicks.leftJoin(users, joiner, Joined.with(S, S))
            : clicks.join(users, joiner, Joined.with(S, S)))
        .to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 3)) {
      TestInputTopic<String, String> userIn = driver.inputTopic("users", S, S);
      TestInputTopic<String, String> clickIn = driver.inputTopic("clicks", S, S);
      userIn.pipeInput("alice", "NL");
      clickIn.pipeInput("alice", "c1");
      clickIn.pipeInput("bob", "c2");
      userIn.pipeInput("bob", "DE");
      clickIn.pipeInput("bob", "c3");
      userIn.pipeInput("alice", null);
      clickIn.pipeInput("alice", "c4");
      assertThat(driver.store("users", S, S)).containsOnly(Map.entry("bob", "DE"));
      return driver.outputTopic("out", S, S).readKeyValues();
    }
  }

  @Test
  void streamTableInnerJoinSeesTheTableAsOfEachStreamRecord() {
    assertThat(streamTable(false)).containsExactly(pair("alice", "c1@NL"), pair("bob", "c3@DE"));
  }

  @Test
  void streamTableLeftJoinKeepsRecordsWithoutATableRow() {
    assertThat(streamTable(true))
        .containsExactly(
            pair("alice", "c1@NL"),
            pair("bob", "c2@null"),
            pair("bob", "c3@DE"),
            pair("alice", "c4@null"));
  }

  @Test
  void aStreamWithAChangedKeyIsRepartitionedBeforeTheJoin() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> users = builder.table("users", IN, Materialized.as("users"));
    builder.stream("clicks", IN)
        .selectKey((key, value) -> value.split(":")[0])
        .join(users, (v, u) -> v + "@" + u, Joined.with(S, S).withName("clicks-by-user"))
        .to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 4)) {
      driver.inputTopic("users", S, S).pipeInput("carol", "FR");
      driver.inputTopic("clicks", S, S).pipeInput("k9", "carol:home");
      assertThat(driver.outputTopic("out", S, S).readKeyValues())
          .containsExactly(pair("carol", "carol:home@FR"));
      assertThat(driver.log().records("test-driver-clicks-by-user-repartition")).hasSize(1);
    }
  }

  private static List<KeyValue<String, String>> tableTable(
      BiFunction<KTable<String, String>, KTable<String, String>, KTable<String, String>> join) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> left = builder.table("left", IN, Materialized.as("left-store"));
    KTable<String, String> right = builder.table("right", IN, Materialized.as("right-store"));
    join.apply(left, right).toStream().to("out", OUT);
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 2)) {
      TestInputTopic<String, String> l = driver.inputTopic("left", S, S);
      TestInputTopic<String, String> r = driver.inputTopic("right", S, S);
      l.pipeInput("k1", "a");
      r.pipeInput("k1", "x");
      r.pipeInput("k2", "y");
      l.pipeInput("k1", null);
      return driver.outputTopic("out", S, S).readKeyValues();
    }
  }

  private static final ValueJoiner<String, String, String> PLUS = (l, r) -> l + "+" + r;

  @Test
  void tableTableInnerJoin() {
    assertThat(tableTable((l, r) -> l.join(r, PLUS)))
        .containsExactly(pair("k1", "a+x"), pair("k1", null));
  }

  @Test
  void tableTableLeftJoin() {
    assertThat(tableTable((l, r) -> l.leftJoin(r, PLUS)))
        .containsExactly(pair("k1", "a+null"), pair("k1", "a+x"), pair("k1", null));
  }

  @Test
  void tableTableOuterJoin() {
    assertThat(tableTable((l, r) -> l.outerJoin(r, PLUS)))
        .containsExactly(
            pair("k1", "a+null"), pair("k1", "a+x"), pair("k2", "null+y"), pair("k1", "null+x"));
  }

  @Test
  void joiningAViewOfATableIsRefusedNamingTheNode() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> users =
        builder.table("users", IN, Materialized.<String, String>as("users")).filter((k, v) -> true);
    KStream<String, String> clicks = builder.stream("clicks", IN);
    assertThatThrownBy(() -> clicks.join(users, (a, b) -> a, Joined.with(S, S)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KTABLE-FILTER")
        .hasMessageContaining("a view");
  }

  @Test
  void inputsWithDifferentPartitionCountsFailAtStartNamingTopicsAndCounts() {
    MemoryLog log = new MemoryLog();
    log.createTopic(TopicSpec.of("clicks", 4));
    log.createTopic(TopicSpec.of("users", 2));
    log.createTopic(TopicSpec.of("out", 4));
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, String> users = builder.table("users", IN, Materialized.as("users"));
    builder.stream("clicks", IN).join(users, (a, b) -> a, Joined.with(S, S)).to("out", OUT);
    RunnelStreams app =
        new RunnelStreams(
            builder.build(),
            Map.of("application.id", "copart", "state.dir", stateDir.toString(), "poll.ms", "10"),
            log);
    app.start();
    await(() -> app.state() == RunnelStreams.State.ERROR, "the app to fail");
    assertThat(app.failure())
        .hasMessageContaining("not co-partitioned")
        .hasMessageContaining("'clicks' has 4")
        .hasMessageContaining("'users' has 2");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
  }
}
