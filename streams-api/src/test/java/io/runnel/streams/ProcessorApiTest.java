package io.runnel.streams;

import static io.runnel.state.KeyValue.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.KeyValueStore;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.processor.Cancellable;
import io.runnel.streams.processor.Processor;
import io.runnel.streams.processor.ProcessorContext;
import io.runnel.streams.processor.PunctuationType;
import io.runnel.streams.processor.Record;
import io.runnel.streams.processor.StoreBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Processor API through the TestDriver: a user processor with its own key-value store and
 * record metadata, stream-time punctuation driven by records, wall-clock punctuation driven by the
 * driver's clock, cancelling, and the errors for stores that are unknown or not connected.
 */
class ProcessorApiTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();

  /** Counts records per key in store "seen"; forwards key -> "count@topic/partition/offset". */
  private static final class CountingProcessor
      implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, Long> seen;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.seen = context.getStateStore("seen");
    }

    @Override
    public void process(Record<String, String> record) {
      Long before = seen.get(record.key());
      long count = before == null ? 1 : before + 1;
      seen.put(record.key(), count);
      String where =
          context
              .recordMetadata()
              .map(m -> m.topic() + "/" + m.partition() + "/" + m.offset())
              .orElse("none");
      context.forward(record.withValue(count + "@" + where + "@" + context.taskId()));
    }
  }

  @Test
  void aProcessorUsesItsStoreAndSeesRecordMetadata() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore("seen", S, L));
    builder
        .stream("in", Consumed.with(S, S))
        .process(CountingProcessor::new, "seen")
        .to("out", Produced.with(S, S));
    try (TestDriver driver = new TestDriver(builder.build(), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      in.pipeInput("a", "x");
      in.pipeInput("b", "x");
      in.pipeInput("a", "x");
      assertThat(driver.outputTopic("out", S, S).readKeyValues())
          .containsExactly(
              pair("a", "1@in/0/0@0_0"), pair("b", "1@in/0/1@0_0"), pair("a", "2@in/0/2@0_0"));
      assertThat(driver.store("seen", S, L))
          .containsExactly(Map.entry("a", 2L), Map.entry("b", 1L));
      assertThat(driver.log().describeTopic("test-driver-seen-changelog")).isPresent();
    }
  }

  /** Forwards ("tick", time) on every punctuation of {@code type} every {@code interval}. */
  private static final class Ticker implements Processor<String, String, String, String> {
    private final PunctuationType type;
    private final Duration interval;
    private final int cancelAfter;

    Ticker(PunctuationType type, Duration interval, int cancelAfter) {
      this.type = type;
      this.interval = interval;
      this.cancelAfter = cancelAfter;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
      Cancellable[] schedule = new Cancellable[1];
      int[] fired = {0};
      schedule[0] =
          context.schedule(
              interval,
              type,
              time -> {
                context.forward(new Record<>("tick", String.valueOf(time), time));
                if (++fired[0] == cancelAfter) {
                  schedule[0].cancel();
                }
              });
    }

    @Override
    public void process(Record<String, String> record) {
      // only the punctuator forwards
    }
  }

  private static Topology ticker(PunctuationType type, int cancelAfter) {
    StreamsBuilder builder = new StreamsBuilder();
    builder
        .stream("in", Consumed.with(S, S))
        .process(() -> new Ticker(type, Duration.ofMillis(10), cancelAfter))
        .to("out", Produced.with(S, S));
    return builder.build();
  }

  @Test
  void streamTimePunctuationFiresAsRecordsAdvanceStreamTime() {
    try (TestDriver driver =
        new TestDriver(ticker(PunctuationType.STREAM_TIME, Integer.MAX_VALUE), Map.of(), 1)) {
      TestInputTopic<String, String> in = driver.inputTopic("in", S, S);
      TestOutputTopic<String, String> out = driver.outputTopic("out", S, S);
      driver.advanceWallClockTime(Duration.ofHours(1));
      assertThat(out.readKeyValues()).isEmpty();
      in.pipeInput("k", "v", 0);
      assertThat(out.readKeyValues()).containsExactly(pair("tick", "0"));
      in.pipeInput("k", "v", 5);
      in.pipeInput("k", "v", 3);
      assertThat(out.readKeyValues()).isEmpty();
      in.pipeInput("k", "v", 12);
      assertThat(out.readKeyValues()).containsExactly(pair("tick", "12"));
      // a jump past several intervals fires once, then every 10 ms from there
      in.pipeInput("k", "v", 35);
      in.pipeInput("k", "v", 44);
      in.pipeInput("k", "v", 45);
      assertThat(out.readKeyValues()).containsExactly(pair("tick", "35"), pair("tick", "45"));
    }
  }

  @Test
  void wallClockPunctuationFiresWithoutRecordsOnTheDriversClock() {
    try (TestDriver driver =
        new TestDriver(ticker(PunctuationType.WALL_CLOCK_TIME, 3), Map.of(), 1)) {
      TestOutputTopic<String, String> out = driver.outputTopic("out", S, S);
      driver.inputTopic("in", S, S).pipeInput("k", "v", 1_000_000);
      assertThat(out.readKeyValues()).isEmpty();
      driver.advanceWallClockTime(Duration.ofMillis(9));
      assertThat(out.readKeyValues()).isEmpty();
      driver.advanceWallClockTime(Duration.ofMillis(1));
      assertThat(out.readKeyValues()).containsExactly(pair("tick", "10"));
      driver.advanceWallClockTime(Duration.ofMillis(25));
      assertThat(out.readKeyValues()).containsExactly(pair("tick", "35"));
      driver.advanceWallClockTime(Duration.ofMillis(10));
      assertThat(out.readKeyValues()).containsExactly(pair("tick", "45"));
      // cancelled after its third firing
      driver.advanceWallClockTime(Duration.ofMillis(100));
      assertThat(out.readKeyValues()).isEmpty();
    }
  }

  @Test
  void processRejectsAStoreTheTopologyDoesNotHave() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, String> in = builder.stream("in", Consumed.with(S, S));
    assertThatThrownBy(() -> in.process(CountingProcessor::new, "missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state store 'missing' is unknown");
  }

  @Test
  void aProcessorCannotUseAStoreItIsNotConnectedTo() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(StoreBuilder.keyValueStore("seen", S, L));
    builder.stream("in", Consumed.with(S, S)).process(CountingProcessor::new).to(
        "out", Produced.with(S, S));
    assertThatThrownBy(() -> new TestDriver(builder.build(), Map.of(), 1).close())
        .isInstanceOf(StreamsException.class)
        .hasMessageContaining("is not connected to state store 'seen'");
  }
}
