package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.log.memory.MemoryLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The deserialization and processing error handlers: log-and-continue skips exactly the poison
 * record and logs where it is; log-and-fail (the default) stops with a message naming the record's
 * topic, partition and offset, and puts a running application in ERROR.
 */
class ErrorHandlersTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();

  /** Strings, except that the value "poison" cannot be read. */
  private static final Serde<String> PICKY =
      Serde.of(
          S::serialize,
          bytes -> {
            String text = S.deserialize(bytes);
            if (text.equals("poison")) {
              throw new IllegalStateException("unreadable value");
            }
            return text;
          });

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logged.start();
    root().addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    root().detachAppender(logged);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private List<String> warnings() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** Reads values with PICKY, uppercases them unless they are "boom", counts per key. */
  private static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> in = builder.stream("in", Consumed.with(S, PICKY));
    KStream<String, String> upper =
        in.mapValues(
            v -> {
              if (v.equals("boom")) {
                throw new IllegalArgumentException("cannot process boom");
              }
              return v.toUpperCase();
            });
    upper.to("out", Produced.with(S, S));
    upper
        .groupByKey(Grouped.with(S, S))
        .count(Materialized.<String, Long>as("counts").withValueSerde(L))
        .toStream()
        .to("counts", Produced.with(S, L));
    return builder.build();
  }

  private static Map<String, String> config(String deserialization, String processing) {
    Map<String, String> config = new HashMap<>();
    if (deserialization != null) {
      config.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER, deserialization);
    }
    if (processing != null) {
      config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER, processing);
    }
    return config;
  }

  @Test
  void logAndContinueSkipsExactlyTheRecordThatCannotBeDeserialized() {
    try (TestDriver driver = new TestDriver(topology(), config("log-and-continue", null), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k", "a");
      in.pipeInput("k", "poison");
      in.pipeInput("k", "b");
      assertThat(driver.outputTopic("out", S, S).readKeyValues())
          .containsExactly(pair("k", "A"), pair("k", "B"));
      assertThat(driver.outputTopic("counts", S, L).readKeyValues())
          .containsExactly(pair("k", 1L), pair("k", 2L));
      assertThat(driver.metrics()).containsEntry("skipped-records-total", 1L);
    }
    assertThat(warnings())
        .anyMatch(
            line ->
                line.contains("cannot be deserialized")
                    && line.contains("topic 'in', partition 0, offset 1")
                    && line.contains("unreadable value"));
  }

  @Test
  void logAndFailIsTheDefaultForDeserializationErrors() {
    try (TestDriver driver = new TestDriver(topology(), config(null, null), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k", "a");
      assertThatThrownBy(() -> in.pipeInput("k", "poison"))
          .isInstanceOf(StreamsException.class)
          .hasMessageContaining("cannot deserialize")
          .hasMessageContaining("topic 'in', partition 0, offset 1")
          .hasMessageContaining("unreadable value");
    }
  }

  @Test
  void logAndContinueSkipsARecordWhoseProcessingFailed() {
    try (TestDriver driver = new TestDriver(topology(), config(null, "log-and-continue"), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k", "a");
      in.pipeInput("k", "boom");
      in.pipeInput("k", "b");
      assertThat(driver.outputTopic("out", S, S).readKeyValues())
          .containsExactly(pair("k", "A"), pair("k", "B"));
      assertThat(driver.store("counts", S, L)).containsExactly(Map.entry("k", 2L));
    }
    assertThat(warnings())
        .anyMatch(
            line ->
                line.contains("processing failed")
                    && line.contains("topic 'in', partition 0, offset 1")
                    && line.contains("cannot process boom"));
  }

  @Test
  void logAndFailStopsAtTheRecordWhoseProcessingFailed() {
    try (TestDriver driver = new TestDriver(topology(), config("log-and-continue", null), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("k", "a");
      in.pipeInput("k", "b");
      assertThatThrownBy(() -> in.pipeInput("k", "boom"))
          .isInstanceOf(StreamsException.class)
          .hasMessageContaining("processing failed at task 0_0, topic 'in', partition 0, offset 2")
          .hasMessageContaining("cannot process boom");
    }
  }

  /** A handler class named in the configuration. */
  public static final class SkipAll implements DeserializationExceptionHandler {
    @Override
    public ErrorResponse handle(
        ErrorContext context, byte[] key, byte[] value, RuntimeException error) {
      return ErrorResponse.CONTINUE;
    }
  }

  @Test
  void handlersAreNamedByClassAndBadNamesAreRejected() {
    StreamsConfig config =
        StreamsConfig.from(
            Map.of(
                "application.id", "app",
                "log.backend", "memory",
                StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER,
                SkipAll.class.getName()));
    assertThat(config.deserializationExceptionHandler()).isInstanceOf(SkipAll.class);
    assertThat(config.processingExceptionHandler()).isInstanceOf(LogAndFailExceptionHandler.class);
    assertThatThrownBy(
            () ->
                StreamsConfig.from(
                    Map.of(
                        "application.id", "app",
                        "log.backend", "memory",
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER,
                        SkipAll.class.getName())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'processing.exception.handler'")
        .hasMessageContaining("ProcessingExceptionHandler");
  }

  @Test
  void aDeserializationFailurePutsTheApplicationInError(@TempDir Path stateDir)
      throws InterruptedException {
    MemoryLog log = new MemoryLog();
    log.createTopic(TopicSpec.of("in", 1));
    log.createTopic(TopicSpec.of("out", 1));
    log.createTopic(TopicSpec.of("counts", 1));
    try (LogProducer producer = log.newProducer()) {
      List<String> values = List.of("a", "b", "poison");
      for (int i = 0; i < values.size(); i++) {
        byte[] key = S.serialize("k");
        producer.send(
            new TopicPartition("in", KeyPartitioner.partition(key, 1)),
            key,
            S.serialize(values.get(i)),
            i);
      }
    }
    Map<String, String> config =
        Map.of(
            "application.id", "poisoned",
            "state.dir", stateDir.toString(),
            "poll.ms", "10");
    try (RunnelStreams app = new RunnelStreams(topology(), config, log)) {
      app.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (app.failure() == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(app.failure())
          .isNotNull()
          .hasMessageContaining("topic 'in', partition 0, offset 2");
      RestartTest.await(() -> app.state() == RunnelStreams.State.ERROR, "the app to fail");
    }
  }
}
