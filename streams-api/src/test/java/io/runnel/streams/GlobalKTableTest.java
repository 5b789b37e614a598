package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static io.runnel.streams.RestartTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global tables and stream-global table joins: through the TestDriver (every task sees every row,
 * whatever partition it is in) and through RunnelStreams on the memory backend (rows written before
 * start are loaded before the first stream record, the global topic need not be co-partitioned, the
 * checkpoint lets a restart read only new rows, and a lost state directory reloads the table).
 */
class GlobalKTableTest {
  private static final Serde<String> S = Serdes.string();
  private static final Consumed<String, String> IN = Consumed.with(S, S);
  @TempDir Path stateDir;

  /** Orders "customer:item" keyed by order id, joined with customers by the customer id. */
  static Topology orders(boolean left) {
    StreamsBuilder builder = new StreamsBuilder();
    GlobalKTable<String, String> customers =
        builder.globalTable("customers", IN, Materialized.as("customers"));
    KStream<String, String> orders = builder.stream("orders", IN);
    ValueJoiner<String, String, String> joiner = (order, name) -> order + "/" + name;
    BiFunction<String, String, String> customerOf =
        (orderId, order) -> order.substring(0, order.indexOf(':'));
    (left
            ? orders.leftJoin(customers, customerOf, joiner)
            : orders.join(customers, customerOf, joiner))
        .to("out", Produced.with(S, S));
    return builder.build();
  }

  private static List<KeyValue<String, String>> runOrders(boolean left) {
    try (TestDriver driver = new TestDriver(orders(left), Map.of(), 4)) {
      TestInputTopic<String, String> customers = driver.inputTopic("customers", S, S);
      TestInputTopic<String, String> orders = driver.inputTopic("orders", S, S);
      // Enough keys on both sides that orders and customers land in different partitions.
      for (int c = 0; c < 8; c++) {
        customers.pipeInput("c" + c, "name" + c);
      }
      for (int o = 0; o < 8; o++) {
        orders.pipeInput("o" + o, "c" + o + ":item");
      }
      customers.pipeInput("c1", "renamed1");
      orders.pipeInput("o8", "c1:later");
      customers.pipeInput("c2", null);
      orders.pipeInput("o9", "c2:gone");
      orders.pipeInput("o10", "unknown:x");
      assertThat(driver.globalStore("customers", S, S))
          .hasSize(7)
          .containsEntry("c1", "renamed1")
          .doesNotContainKey("c2");
      return driver.outputTopic("out", S, S).readKeyValues();
    }
  }

  private static List<KeyValue<String, String>> expectedMatches() {
    List<KeyValue<String, String>> expected = new ArrayList<>();
    for (int o = 0; o < 8; o++) {
      expected.add(pair("o" + o, "c" + o + ":item/name" + o));
    }
    expected.add(pair("o8", "c1:later/renamed1"));
    return expected;
  }

  @Test
  void innerJoinLooksUpTheSelectedKeyInEveryPartitionOfTheGlobalTable() {
    assertThat(runOrders(false)).containsExactlyInAnyOrderElementsOf(expectedMatches());
  }

  @Test
  void leftJoinJoinsRecordsWithoutARowWithNull() {
    List<KeyValue<String, String>> expected = expectedMatches();
    expected.add(pair("o9", "c2:gone/null"));
    expected.add(pair("o10", "unknown:x/null"));
    assertThat(runOrders(true)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void describeShowsTheGlobalStoreAndTheJoin() {
    String described = orders(false).describe();
    assertThat(described)
        .contains("Global stores (every instance holds all partitions; no tasks):")
        .contains("customers (rocksdb, source topic: customers, no changelog)")
        .containsPattern("Processor: KSTREAM-JOIN-GLOBAL-\\d+ \\(stores: \\[customers\\]\\)");
    assertThat(described).doesNotContain("customers-changelog");
  }

  @Test
  void badGlobalTablesAreRefusedWhenBuilt() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable("a", IN, Materialized.as("same"));
    assertThatThrownBy(() -> builder.globalTable("b", IN, Materialized.as("same")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a store named 'same'");
    assertThatThrownBy(
            () ->
                builder.globalTable(
                    "c", IN.withTimestampExtractor((k, v, ts) -> 0L), Materialized.as("c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("global table of 'c'")
        .hasMessageContaining("remove the timestamp extractor");
    StreamsBuilder other = new StreamsBuilder();
    GlobalKTable<String, String> foreign = other.globalTable("x", IN, Materialized.as("x"));
    KStream<String, String> stream = builder.stream("s", IN);
    assertThatThrownBy(() -> stream.join(foreign, (k, v) -> k, (v, g) -> v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same StreamsBuilder");
  }

  private static Topology creditLimits() {
    StreamsBuilder builder = new StreamsBuilder();
    GlobalKTable<String, Long> limits =
        builder.globalTable("limits", Consumed.with(S, Serdes.longs()), Materialized.as("limits"));
    builder.stream("orders", IN)
        .leftJoin(limits, (k, v) -> k, (v, l) -> v + "/" + l)
        .to("out", Produced.with(S, S));
    return builder.build();
  }

  @Test
  void anUnreadableGlobalRecordIsSkippedWithLogAndContinue() {
    Map<String, String> config =
        Map.of("default.deserialization.exception.handler", "log-and-continue");
    try (TestDriver driver = new TestDriver(creditLimits(), config, 2)) {
      driver.inputTopic("limits", S, Serdes.longs()).pipeInput("alice", 100L);
      driver.inputTopic("limits", S, S).pipeInput("bob", "not a long");
      driver.inputTopic("orders", S, S).pipeInput("alice", "o1");
      driver.inputTopic("orders", S, S).pipeInput("bob", "o2");
      assertThat(driver.globalStore("limits", S, Serdes.longs()))
          .containsOnly(Map.entry("alice", 100L));
      assertThat(driver.outputTopic("out", S, S).readKeyValues())
          .containsExactlyInAnyOrder(pair("alice", "o1/100"), pair("bob", "o2/null"));
    }
  }

  @Test
  void anUnreadableGlobalRecordFailsWithLogAndFailNamingWhereItIs() {
    try (TestDriver driver = new TestDriver(creditLimits(), Map.of(), 2)) {
      assertThatThrownBy(() -> driver.inputTopic("limits", S, S).pipeInput("bob", "not a long"))
          .isInstanceOf(StreamsException.class)
          .hasMessageContaining("cannot deserialize the record at task global, topic 'limits'")
          .hasMessageContaining("global store 'limits'");
    }
  }

  // --- RunnelStreams on the memory backend ---

  private final MemoryLog log = new MemoryLog();

  private Map<String, String> config() {
    return Map.of(
        "application.id", "global",
        "state.dir", stateDir.toString(),
        "commit.interval.ms", "20",
        "poll.ms", "10");
  }

  private void send(String topic, int partitions, String key, String value) {
    try (LogProducer producer = log.newProducer()) {
      byte[] k = S.serialize(key);
      producer
          .send(
              new TopicPartition(topic, KeyPartitioner.partition(k, partitions)),
              k,
              value == null ? null : S.serialize(value),
              0)
          .join();
    }
  }

  private List<KeyValue<String, String>> output() {
    List<KeyValue<String, String>> out = new ArrayList<>();
    for (LogRecord r : log.records("out")) {
      out.add(pair(S.deserialize(r.key()), S.deserialize(r.value())));
    }
    return out;
  }

  private RunnelStreams start() {
    RunnelStreams app = new RunnelStreams(orders(false), config(), log);
    app.start();
    await(() -> app.state() == RunnelStreams.State.RUNNING, "the app to run");
    return app;
  }

  @Test
  void loadsTheTableBeforeProcessingAndRestartsFromItsCheckpoint() throws IOException {
    // 3 partitions against the stream's 2: a global table needs no co-partitioning.
    log.createTopic(TopicSpec.of("customers", 3));
    log.createTopic(TopicSpec.of("orders", 2));
    log.createTopic(TopicSpec.of("out", 2));
    for (int c = 0; c < 6; c++) {
      send("customers", 3, "c" + c, "name" + c);
    }
    // Orders written before start are processed only after the whole table was loaded.
    for (int o = 0; o < 6; o++) {
      send("orders", 2, "o" + o, "c" + o + ":item");
    }
    RunnelStreams app = start();
    await(() -> output().size() == 6, "6 joined orders");
    List<KeyValue<String, String>> expected = new ArrayList<>();
    for (int o = 0; o < 6; o++) {
      expected.add(pair("o" + o, "c" + o + ":item/name" + o));
    }
    assertThat(output()).containsExactlyInAnyOrderElementsOf(expected);

    // While running, the global thread picks up new rows (a lookup sees what it has read so far:
    // wait for its checkpoint to pass the row before sending the order).
    send("customers", 3, "c9", "name9");
    await(() -> checkpointTotal() == 7, "the global checkpoint to pass the new row");
    send("orders", 2, "o9", "c9:new");
    await(() -> output().size() == 7, "the order of the new customer");
    assertThat(output()).contains(pair("o9", "c9:new/name9"));
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
    assertThat(app.state()).isEqualTo(RunnelStreams.State.NOT_RUNNING);

    // The checkpoint holds the next offset of every partition of the global topic.
    List<String> entries = checkpointEntries();
    assertThat(entries).hasSize(3);
    assertThat(entries).allMatch(line -> line.matches("customers-[0-2] \\d+"));
    assertThat(checkpointTotal()).isEqualTo(log.records("customers").size()).isEqualTo(7);

    // Rows written while the app is down are read after the checkpoint on restart.
    send("customers", 3, "c0", "renamed0");
    send("orders", 2, "o10", "c0:again");
    app = start();
    await(() -> output().size() == 8, "the order after the restart");
    assertThat(output()).contains(pair("o10", "c0:again/renamed0"));
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();

    // The state directory is lost: the table is read again in full from its topic.
    deleteRecursively(stateDir.resolve("global"));
    send("orders", 2, "o11", "c5:lost");
    app = start();
    await(() -> output().size() == 9, "the order after the state was lost");
    assertThat(output()).contains(pair("o11", "c5:lost/name5"));
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
  }

  private List<String> checkpointEntries() {
    Path checkpoint = stateDir.resolve("global/global/.checkpoint");
    try {
      List<String> lines = Files.readAllLines(checkpoint, StandardCharsets.UTF_8);
      return lines.subList(2, lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }

  private long checkpointTotal() {
    long total = 0;
    for (String line : checkpointEntries()) {
      total += Long.parseLong(line.substring(line.indexOf(' ') + 1));
    }
    return total;
  }

  @Test
  void aMissingGlobalTopicPutsTheAppInErrorNamingIt() {
    log.createTopic(TopicSpec.of("orders", 2));
    log.createTopic(TopicSpec.of("out", 2));
    RunnelStreams app = new RunnelStreams(orders(false), config(), log);
    app.start();
    await(() -> app.state() == RunnelStreams.State.ERROR, "the app to fail");
    assertThat(app.failure()).hasMessageContaining("global table topic 'customers' does not exist");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
