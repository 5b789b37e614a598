package io.runnel.streams;

import static io.runnel.streams.WordCountTest.L;
import static io.runnel.streams.WordCountTest.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.streams.log.KeyPartitioner;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunnelStreams on the memory backend: a clean restart uses the checkpoints and restores nothing;
 * after the state directory is deleted, the stores are restored in full from their changelogs.
 * Counts stay exact across both (input offsets were committed, so nothing is counted twice).
 */
class RestartTest {
  @TempDir Path stateDir;
  private final MemoryLog log = new MemoryLog();

  /** Restore totals of one run. */
  private static final class Restores implements RestoreListener {
    final AtomicLong restored = new AtomicLong();
    final AtomicLong stores = new AtomicLong();

    @Override
    public void onRestoreEnd(RestoreProgress progress) {
      restored.addAndGet(progress.restored());
      stores.incrementAndGet();
    }
  }

  private Map<String, String> config() {
    return Map.of(
        "application.id", "restart",
        "state.dir", stateDir.toString(),
        "commit.interval.ms", "20",
        "poll.ms", "10");
  }

  private RunnelStreams startApp(Restores restores, List<RunnelStreams.State> states) {
    RunnelStreams app = new RunnelStreams(WordCountTest.wordCount(), config(), log);
    app.setRestoreListener(restores);
    app.setStateListener((now, before) -> states.add(now));
    app.start();
    await(() -> app.state() == RunnelStreams.State.RUNNING, "the app to run");
    return app;
  }

  private void produce(List<String> lines) {
    try (LogProducer producer = log.newProducer()) {
      for (int i = 0; i < lines.size(); i++) {
        byte[] key = S.serialize("line-" + i);
        producer.send(
            new TopicPartition("lines", KeyPartitioner.partition(key, 4)),
            key,
            S.serialize(lines.get(i)),
            i);
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

  @Test
  void restartsFromCheckpointsThenRestoresEverythingAfterTheStateDirIsGone() throws IOException {
    log.createTopic(TopicSpec.of("lines", 4));
    log.createTopic(TopicSpec.of("word-counts", 4));
    List<String> all = new ArrayList<>(WordCountTest.LINES);

    // First run: fresh state, nothing to restore.
    List<RunnelStreams.State> states = new CopyOnWriteArrayList<>();
    Restores first = new Restores();
    RunnelStreams app = startApp(first, states);
    produce(WordCountTest.LINES);
    Map<String, Long> expected = WordCountTest.expectedCounts(all);
    await(() -> latestCounts().equals(expected), "counts " + expected);
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
    assertThat(states)
        .containsExactly(
            RunnelStreams.State.REBALANCING,
            RunnelStreams.State.RUNNING,
            RunnelStreams.State.PENDING_SHUTDOWN,
            RunnelStreams.State.NOT_RUNNING);
    assertThat(first.restored.get()).isZero();
    for (int p = 0; p < 4; p++) {
      assertThat(stateDir.resolve("restart/0_" + p + "/.checkpoint")).exists();
    }

    // Clean restart: every store is at its checkpoint, so restore reads nothing.
    Restores second = new Restores();
    app = startApp(second, new CopyOnWriteArrayList<>());
    assertThat(second.stores.get()).isEqualTo(4);
    assertThat(second.restored.get()).isZero();
    List<String> more = List.of("the fox again", "a lazy lazy dog");
    produce(more);
    all.addAll(more);
    Map<String, Long> expected2 = WordCountTest.expectedCounts(all);
    await(() -> latestCounts().equals(expected2), "counts " + expected2);
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();

    // State directory gone: the stores come back from the changelogs, in full.
    deleteRecursively(stateDir.resolve("restart"));
    Restores third = new Restores();
    app = startApp(third, new CopyOnWriteArrayList<>());
    assertThat(third.restored.get()).isEqualTo(log.records("restart-counts-changelog").size());
    assertThat(third.restored.get()).isPositive();
    produce(List.of("fox"));
    all.add("fox");
    Map<String, Long> expected3 = WordCountTest.expectedCounts(all);
    await(() -> latestCounts().equals(expected3), "counts " + expected3);
    assertThat(latestCounts()).containsEntry("fox", 4L);
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aMissingInputTopicPutsTheAppInErrorNamingTheTopic() {
    RunnelStreams app = new RunnelStreams(WordCountTest.wordCount(), config(), log);
    app.start();
    await(() -> app.state() == RunnelStreams.State.ERROR, "the app to fail");
    assertThat(app.failure()).hasMessageContaining("input topic 'lines' does not exist");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
