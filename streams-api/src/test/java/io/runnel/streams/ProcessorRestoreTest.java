package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.KeyValueStore;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.Record;
import io.runnel.streams.processor.StoreBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user processor's store on {@code RunnelStreams} over the memory backend: after the state
 * directory is deleted it is restored from its changelog before the processor sees a record.
 */
class ProcessorRestoreTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();

  @TempDir Path stateDir;
  private final MemoryLog log = new MemoryLog();

  /** Counts records per key in store "seen" and forwards the count. */
  private static final class Counter implements Processor<String, String, String, Long> {
    private ProcessorContext<String, Long> context;
    private KeyValueStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, Long> context) {
      this.context = context;
      this.seen = context.getStateStore("seen");
    }

    @Override
    public void process(Record<String, String> record) {
      Long before = seen.get(record.key());
      long count = before == null ? 1 : before + 1;
      seen.put(record.key(), count);
      context.forward(record.withValue(count));
    }
  }

  private static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore("seen", S, L));
    builder
        .stream("in", Consumed.with(S, S))
        .process(Counter::new, "seen")
        .to("out", Produced.with(S, L));
    return builder.build();
  }

  private RunnelStreams start() {
    RunnelStreams app =
        new RunnelStreams(
            topology(),
            Map.of(
                "application.id", "counter",
                "state.dir", stateDir.toString(),
                "commit.interval.ms", "20",
                "poll.ms", "10"),
            log);
    app.start();
    RestartTest.await(() -> app.state() == RunnelStreams.State.RUNNING, "the app to run");
    return app;
  }

  private void produce(int count) {
    try (LogProducer producer = log.newProducer()) {
      for (int i = 0; i < count; i++) {
        producer.send(new TopicPartition("in", 0), S.serialize("a"), S.serialize("x"), i);
      }
    }
  }

  private Long lastOutput() {
    List<LogRecord> out = log.records("out");
    return out.isEmpty() ? null : L.deserialize(out.get(out.size() - 1).value());
  }

  @Test
  void aUserStoreIsRestoredFromItsChangelog() throws IOException {
    log.createTopic(TopicSpec.of("in", 1));
    log.createTopic(TopicSpec.of("out", 1));
    RunnelStreams app = start();
    produce(3);
    RestartTest.await(() -> Long.valueOf(3).equals(lastOutput()), "a count of 3");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();

    try (Stream<Path> paths = Files.walk(stateDir.resolve("counter"))) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    app = start();
    produce(1);
    RestartTest.await(() -> Long.valueOf(4).equals(lastOutput()), "a count of 4");
    // The record cache writes the key down at the next commit (the output is sent at once), so
    // the changelog catches up with the output by then.
    RestartTest.await(
        () -> {
          List<LogRecord> changelog = log.records("counter-seen-changelog");
          return Long.valueOf(4).equals(L.deserialize(changelog.get(changelog.size() - 1).value()));
        },
        "the changelog to hold a count of 4");
    assertThat(app.close(Duration.ofSeconds(10))).isTrue();
  }
}
