package io.runnel.streams;

import static io.runnel.streams.RestartTest.await;
import static io.runnel.streams.WindowedAggregationTest.L;
import static io.runnel.streams.WindowedAggregationTest.S;
import static io.runnel.streams.WindowedAggregationTest.WS;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Windowed;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunnelStreams on the memory backend with a windowed count and its suppressed final results: after
 * the state directory is deleted, the window store and the suppression buffer are restored from
 * their changelogs, so counts continue exactly and pending windows are still emitted once.
 */
class WindowedRestartTest {
  @TempDir Path stateDir;
  private final MemoryLog log = new MemoryLog();

  private static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<Windowed<String>, Long> counts =
        builder.stream("clicks", Consumed.with(S, S))
            .groupByKey(Grouped.with(S, S))
            .windowedBy(WindowedAggregationTest.TEN_SECONDS_GRACE_FIVE)
            .count(Materialized.<String, Long>as("clicks-per-window").withValueSerde(L));
    counts.toStream().to("updates", Produced.with(WS, L));
    counts
        .suppress(Suppressed.untilWindowCloses().withName("final-clicks"))
        .toStream()
        .to("finals", Produced.with(WS, L));
    return builder.build();
  }

  private RunnelStreams start(RestoreListener restores) {
    RunnelStreams app =
        new RunnelStreams(
            topology(),
            Map.of(
                "application.id", "windows",
                "state.dir", stateDir.toString(),
                "commit.interval.ms", "20",
                "poll.ms", "10"),
            log);
    app.setRestoreListener(restores);
    app.start();
    await(() -> app.state() == RunnelStreams.State.RUNNING, "the app to run");
    return app;
  }

  private void click(String user, long timestamp) {
    try (LogProducer producer = log.newProducer()) {
      producer.send(
          new TopicPartition("clicks", 0), S.serialize(user), S.serialize("c"), timestamp);
    }
  }

  private Map<Windowed<String>, Long> latest(String topic) {
    Map<Windowed<String>, Long> latest = new HashMap<>();
    for (LogRecord r : log.records(topic)) {
      latest.put(WS.deserialize(r.key()), L.deserialize(r.value()));
    }
    return latest;
  }

  private List<String> finals() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : log.records("finals")) {
      Windowed<String> w = WS.deserialize(r.key());
      out.add(w.key() + "@" + w.start() + "=" + L.deserialize(r.value()));
    }
    return out;
  }

  @Test
  void windowStateAndPendingFinalsAreRestoredFromTheChangelogs() throws IOException {
    for (String topic : List.of("clicks", "updates", "finals")) {
      log.createTopic(TopicSpec.of(topic, 1));
    }
    RunnelStreams app = start(RestoreListener.NONE);
    click("ann", 1_000);
    click("ann", 2_000);
    click("bob", 3_000);
    Windowed<String> ann0 = new Windowed<>("ann", 0, 10_000);
    await(() -> latest("updates").size() == 2, "two windows updated");
    assertThat(latest("updates")).containsEntry(ann0, 2L);
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
    assertThat(finals()).isEmpty();

    deleteRecursively(stateDir.resolve("windows"));
    AtomicLong restored = new AtomicLong();
    app =
        start(
            new RestoreListener() {
              @Override
              public void onRestoreEnd(RestoreProgress progress) {
                restored.addAndGet(progress.restored());
              }
            });
    assertThat(restored.get())
        .isEqualTo(
            log.records("windows-clicks-per-window-changelog").size()
                + log.records("windows-final-clicks-changelog").size())
        .isPositive();
    click("ann", 4_000);
    await(
        () -> Long.valueOf(3).equals(latest("updates").get(ann0)),
        "ann's count to continue from 2");
    click("ann", 15_000); // closes [0, 10s): the finals come from the restored buffer
    await(() -> finals().size() == 2, "two final results");
    assertThat(finals()).containsExactly("ann@0=3", "bob@0=1");
    click("ann", 2_000); // late: [0, 10s) closed at 15s
    RunnelStreams restarted = app;
    await(
        () -> Long.valueOf(1).equals(restarted.metrics().get("dropped-records-total")),
        "the late click to be counted");
    assertThat(latest("updates")).containsEntry(ann0, 3L);
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
