package io.runnel.streams;

import static io.runnel.streams.RestartTest.await;
import static io.runnel.streams.WordCountTest.L;
import static io.runnel.streams.WordCountTest.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.KeyValue;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import io.runnel.streams.query.HostInfo;
import io.runnel.streams.query.InvalidStateStoreException;
import io.runnel.streams.query.KeyQueryMetadata;
import io.runnel.streams.query.ReadOnlyKeyValueStore;
import io.runnel.streams.query.StreamsMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunnelStreams on the memory backend with several stream threads and several instances: tasks
 * spread over threads and instances, interactive queries and their metadata, a thread failure, an
 * instance leaving (its tasks move and restore) and coming back (its tasks come back to it).
 */
class ScaleOutTest {
  @TempDir Path tmp;
  private final MemoryLog log = new MemoryLog();
  private final List<RunnelStreams> apps = new ArrayList<>();

  @AfterEach
  void closeApps() {
    for (RunnelStreams app : apps) {
      app.close(Duration.ofSeconds(10));
    }
  }

  /** Word count with a hook that sees every input line on the thread processing it. */
  private static Topology wordCount(Consumer<String> onLine) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lines", Consumed.with(S, S))
        .peek((key, line) -> onLine.accept(line))
        .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .groupBy((key, word) -> word, Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("word-counts", Produced.with(S, L));
    return builder.build();
  }

  private Map<String, String> config(String dir, Map<String, String> extra) {
    Map<String, String> config = new HashMap<>();
    config.put("application.id", "scale");
    config.put("state.dir", tmp.resolve(dir).toString());
    config.put("commit.interval.ms", "20");
    config.put("poll.ms", "10");
    config.putAll(extra);
    return config;
  }

  private RunnelStreams start(Topology topology, Map<String, String> config, RestoreListener r) {
    RunnelStreams app = new RunnelStreams(topology, config, log);
    app.setRestoreListener(r);
    apps.add(app);
    app.start();
    return app;
  }

  private void createTopics() {
    log.createTopic(TopicSpec.of("lines", 4));
    log.createTopic(TopicSpec.of("word-counts", 4));
  }

  private int lineNumber;

  private void produce(List<String> lines) {
    try (LogProducer producer = log.newProducer()) {
      for (String line : lines) {
        byte[] key = S.serialize("line-" + lineNumber++);
        producer.send(
            new TopicPartition("lines", KeyPartitioner.partition(key, 4)),
            key,
            S.serialize(line),
            lineNumber);
      }
    }
  }

  private Map<String, Long> latestCounts() {
    Map<String, Long> latest = new HashMap<>();
    for (LogRecord r : log.records("word-counts")) {
      latest.put(S.deserialize(r.key()), L.deserialize(r.value()));
    }
    return latest;
  }

  private static Map<String, Long> asMap(List<KeyValue<String, Long>> entries) {
    Map<String, Long> out = new HashMap<>();
    entries.forEach(e -> out.put(e.key(), e.value()));
    return out;
  }

  /** The value of {@code query}, or null while the app is not queryable (retriable). */
  private static <T> T retriable(Supplier<T> query) {
    try {
      return query.get();
    } catch (InvalidStateStoreException e) {
      return null;
    }
  }

  private long changelogRecords(Set<Integer> partitions) {
    return log.records("scale-counts-changelog").stream()
        .filter(r -> partitions.contains(r.partition()))
        .count();
  }

  @Test
  void twoThreadsShareTheTasksAndQueriesSeeAllOfThem() {
    createTopics();
    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    RunnelStreams app =
        start(
            wordCount(line -> threadNames.add(Thread.currentThread().getName())),
            config("one", Map.of("num.stream.threads", "2", "application.server", "h1:7001")),
            RestoreListener.NONE);
    await(() -> app.state() == RunnelStreams.State.RUNNING, "both threads to run");
    // Many lines, so every input partition (and so each thread's tasks) gets some.
    List<String> lines = new ArrayList<>(WordCountTest.LINES);
    for (int i = 0; i < 40; i++) {
      lines.add("line number " + i);
    }
    produce(lines);
    Map<String, Long> expected = WordCountTest.expectedCounts(lines);
    await(() -> latestCounts().equals(expected), "counts " + expected);

    assertThat(threadNames).containsExactlyInAnyOrder("scale-StreamThread-1", "scale-StreamThread-2");
    ReadOnlyKeyValueStore<String, Long> counts = app.keyValueStore("counts", S, L);
    assertThat(asMap(counts.all())).isEqualTo(expected);
    assertThat(counts.get("quick")).isEqualTo(4L);
    assertThat(counts.get("absent")).isNull();
    assertThat(counts.approximateNumEntries()).isPositive();
    List<KeyValue<String, Long>> range = counts.range("l", "o");
    assertThat(range).extracting(KeyValue::key).containsExactly("lazy", "line", "number");
    // One instance holds every task, whichever thread runs it.
    assertThat(app.allMetadata())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.hostInfo()).isEqualTo(new HostInfo("h1", 7001));
              assertThat(m.taskIds()).containsExactlyInAnyOrder("0_0", "0_1", "0_2", "0_3");
              assertThat(m.stateStores()).containsExactly("counts");
            });
    assertThat(app.metrics())
        .containsEntry("restored-records-total", 0L)
        .containsEntry("dropped-records-total", 0L);
    assertThat(app.metrics().get("time-to-running-ms")).isNotNegative();
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
    assertThat(app.state()).isEqualTo(RunnelStreams.State.NOT_RUNNING);
    for (int p = 0; p < 4; p++) {
      assertThat(tmp.resolve("one/scale/0_" + p + "/.checkpoint")).exists();
    }
  }

  @Test
  void aFailingThreadPutsTheAppInErrorAndStopsTheOthers() {
    createTopics();
    RunnelStreams app =
        start(
            wordCount(
                line -> {
                  if (line.equals("boom")) {
                    throw new IllegalStateException("cannot handle boom");
                  }
                }),
            config("fail", Map.of("num.stream.threads", "3")),
            RestoreListener.NONE);
    await(() -> app.state() == RunnelStreams.State.RUNNING, "the threads to run");
    produce(List.of("fine", "boom"));
    await(() -> app.state() == RunnelStreams.State.ERROR, "the app to fail");
    assertThat(app.failure()).hasMessageContaining("cannot handle boom");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
    assertThat(app.state()).isEqualTo(RunnelStreams.State.ERROR);
  }

  @Test
  void queriesOutsideRunningGetARetriableErrorAndUnknownStoresAClearOne() throws Exception {
    createTopics();
    CountDownLatch restoring = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RestoreListener blocking =
        new RestoreListener() {
          @Override
          public void onRestoreEnd(RestoreProgress progress) {
            restoring.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    RunnelStreams app =
        new RunnelStreams(wordCount(line -> {}), config("rebalance", Map.of()), log);
    apps.add(app);
    assertThatThrownBy(() -> app.keyValueStore("counts", S, L).get("fox"))
        .isInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining("CREATED")
        .hasMessageContaining("retry");
    assertThatThrownBy(() -> app.keyValueStore("nope", S, L))
        .isInstanceOf(StreamsException.class)
        .isNotInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining("no state store 'nope'")
        .hasMessageContaining("[counts]");
    app.setRestoreListener(blocking);
    app.start();
    assertThat(restoring.await(30, TimeUnit.SECONDS)).isTrue();
    // The thread is restoring its tasks: the app is rebalancing and stores are unavailable.
    assertThat(app.state()).isEqualTo(RunnelStreams.State.REBALANCING);
    assertThatThrownBy(() -> app.keyValueStore("counts", S, L).all())
        .isInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining("REBALANCING");
    assertThatThrownBy(() -> app.queryMetadataForKey("counts", "fox", S))
        .isInstanceOf(InvalidStateStoreException.class);
    release.countDown();
    await(() -> app.state() == RunnelStreams.State.RUNNING, "the app to run");
    assertThat(app.keyValueStore("counts", S, L).all()).isEmpty();
  }

  @Test
  void instancesShareTasksAndAnInstanceThatLeavesHandsThemOverAndGetsThemBack() {
    createTopics();
    Restores firstRestores = new Restores();
    RunnelStreams first =
        start(
            wordCount(line -> {}),
            config("a", Map.of("application.server", "h1:7001")),
            firstRestores);
    await(() -> first.state() == RunnelStreams.State.RUNNING, "the first instance to run");
    RunnelStreams second =
        start(
            wordCount(line -> {}),
            config("b", Map.of("application.server", "h2:7002")),
            new Restores());
    await(
        () -> {
          List<StreamsMetadata> seen = retriable(first::allMetadata);
          return seen != null
              && seen.size() == 2
              && second.state() == RunnelStreams.State.RUNNING
              && first.state() == RunnelStreams.State.RUNNING;
        },
        "both instances to share the tasks");
    Map<HostInfo, Set<String>> tasks = new HashMap<>();
    for (StreamsMetadata m : first.allMetadata()) {
      tasks.put(m.hostInfo(), m.taskIds());
    }
    assertThat(second.allMetadata()).containsExactlyInAnyOrderElementsOf(first.allMetadata());
    Set<String> secondTasks = tasks.get(new HostInfo("h2", 7002));
    assertThat(secondTasks).hasSize(2);
    assertThat(tasks.get(new HostInfo("h1", 7001))).hasSize(2).doesNotContainAnyElementsOf(secondTasks);

    List<String> lines = new ArrayList<>(WordCountTest.LINES);
    produce(lines);
    Map<String, Long> expected = WordCountTest.expectedCounts(lines);
    await(() -> latestCounts().equals(expected), "counts " + expected);

    // Each word is in exactly the instance that the metadata names, and nowhere else.
    Map<HostInfo, RunnelStreams> byHost =
        Map.of(new HostInfo("h1", 7001), first, new HostInfo("h2", 7002), second);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      KeyQueryMetadata where = first.queryMetadataForKey("counts", e.getKey(), S);
      assertThat(where).isEqualTo(second.queryMetadataForKey("counts", e.getKey(), S));
      assertThat(where.partition()).isEqualTo(KeyPartitioner.partition(S.serialize(e.getKey()), 4));
      for (Map.Entry<HostInfo, RunnelStreams> instance : byHost.entrySet()) {
        Long local = instance.getValue().keyValueStore("counts", S, L).get(e.getKey());
        assertThat(local)
            .as("%s on %s", e.getKey(), instance.getKey())
            .isEqualTo(instance.getKey().equals(where.activeHost()) ? e.getValue() : null);
      }
    }

    // The second instance leaves: it commits and checkpoints its tasks, and the first one takes
    // them over, restoring them from their changelogs (it had no state for them).
    Set<Integer> moved = new HashSet<>();
    secondTasks.forEach(id -> moved.add(Integer.parseInt(id.substring(2))));
    long movedChangelog = changelogRecords(moved);
    assertThat(second.close(Duration.ofSeconds(10))).isTrue();
    for (int p : moved) {
      assertThat(tmp.resolve("b/scale/0_" + p + "/.checkpoint")).exists();
    }
    await(
        () -> {
          List<StreamsMetadata> seen = retriable(first::allMetadata);
          return seen != null && seen.size() == 1 && seen.get(0).taskIds().size() == 4;
        },
        "the first instance to hold every task");
    assertThat(firstRestores.restored.get()).isEqualTo(movedChangelog).isPositive();
    assertThat(first.metrics()).containsEntry("restored-records-total", movedChangelog);
    List<String> more = List.of("the fox again", "a lazy lazy dog", "quick");
    produce(more);
    lines.addAll(more);
    Map<String, Long> expected2 = WordCountTest.expectedCounts(lines);
    await(() -> latestCounts().equals(expected2), "counts " + expected2);
    assertThat(asMap(first.keyValueStore("counts", S, L).all())).isEqualTo(expected2);

    // It comes back: it claims the tasks it has checkpoints for and gets exactly those, restoring
    // only what the first instance wrote to their changelogs meanwhile.
    long writtenMeanwhile = changelogRecords(moved) - movedChangelog;
    Restores again = new Restores();
    RunnelStreams back =
        start(wordCount(line -> {}), config("b", Map.of("application.server", "h2:7002")), again);
    await(
        () -> {
          List<StreamsMetadata> seen = retriable(back::allMetadata);
          return seen != null
              && seen.size() == 2
              && first.state() == RunnelStreams.State.RUNNING
              && back.state() == RunnelStreams.State.RUNNING;
        },
        "the instances to share the tasks again");
    for (StreamsMetadata m : back.allMetadata()) {
      if (m.hostInfo().equals(new HostInfo("h2", 7002))) {
        assertThat(m.taskIds()).isEqualTo(secondTasks);
      }
    }
    assertThat(again.restored.get()).isEqualTo(writtenMeanwhile);
    Map<String, Long> union = new HashMap<>(asMap(first.keyValueStore("counts", S, L).all()));
    union.putAll(asMap(back.keyValueStore("counts", S, L).all()));
    assertThat(union).isEqualTo(expected2);
  }

  @Test
  void windowStoresAreQueryableByKeyAndTimeRange() {
    log.createTopic(TopicSpec.of("clicks", 2));
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("clicks", Consumed.with(S, S))
        .groupByKey(Grouped.with(S, S))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)))
        .count(Materialized.<String, Long>as("clicks-per-10s").withValueSerde(L));
    RunnelStreams app =
        start(builder.build(), config("w", Map.of("num.stream.threads", "2")), RestoreListener.NONE);
    await(() -> app.state() == RunnelStreams.State.RUNNING, "the app to run");
    try (LogProducer producer = log.newProducer()) {
      long[][] clicks = {{1_000, 2_000, 12_000, 25_000}, {3_000}};
      String[] users = {"alice", "bob"};
      for (int u = 0; u < users.length; u++) {
        byte[] key = S.serialize(users[u]);
        for (long t : clicks[u]) {
          producer.send(
              new TopicPartition("clicks", KeyPartitioner.partition(key, 2)), key, S.serialize("c"), t);
        }
      }
    }
    await(
        () -> {
          List<KeyValue<Long, Long>> w =
              retriable(
                  () ->
                      app.<String, Long>windowStore("clicks-per-10s", S, L)
                          .fetch("alice", Instant.ofEpochMilli(0), Instant.ofEpochMilli(30_000)));
          return w != null && w.size() == 3;
        },
        "alice's three windows");
    assertThat(
            app.<String, Long>windowStore("clicks-per-10s", S, L)
                .fetch("alice", Instant.ofEpochMilli(0), Instant.ofEpochMilli(30_000)))
        .containsExactly(KeyValue.pair(0L, 2L), KeyValue.pair(10_000L, 1L), KeyValue.pair(20_000L, 1L));
    assertThat(
            app.<String, Long>windowStore("clicks-per-10s", S, L)
                .fetch("alice", Instant.ofEpochMilli(5_000), Instant.ofEpochMilli(10_000)))
        .containsExactly(KeyValue.pair(10_000L, 1L));
    assertThat(
            app.<String, Long>windowStore("clicks-per-10s", S, L)
                .fetch("bob", Instant.ofEpochMilli(0), Instant.ofEpochMilli(30_000)))
        .containsExactly(KeyValue.pair(0L, 1L));
    assertThatThrownBy(() -> app.keyValueStore("clicks-per-10s", S, L))
        .hasMessageContaining("not a key-value store");
  }

  /** Restore totals of one run. */
  private static final class Restores implements RestoreListener {
    final AtomicLong restored = new AtomicLong();

    @Override
    public void onRestoreEnd(RestoreProgress progress) {
      restored.addAndGet(progress.restored());
    }
  }
}
