package io.runnel.samples;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import io.runnel.state.KeyValue;
import io.runnel.state.serde.Serde;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every sample's integration test needs: a real log-server on a loopback port, the sample's
 * printed output captured (and echoed to the test's output file), waiting for a condition, and
 * reading a topic from its start to its end.
 */
public abstract class SampleHarness {
  @TempDir protected Path tmp;

  protected LogServer server;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  protected final PrintStream out =
      new PrintStream(new Tee(printed, System.out), true, StandardCharsets.UTF_8);

  @BeforeEach
  void startServer() {
    server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", tmp.resolve("server").toString(),
                    "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "3")));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** A context for a sample working in {@code tmp/work}, printing to {@link #out}. */
  protected SampleContext context(Map<String, String> options) {
    return new SampleContext(server.bootstrapServers(), tmp.resolve("work"), out, options);
  }

  /** Everything the sample printed so far. */
  protected String printed() {
    synchronized (printed) {
      return printed.toString(StandardCharsets.UTF_8);
    }
  }

  /** The printed lines so far. */
  protected List<String> printedLines() {
    return printed().lines().toList();
  }

  /** Returns once {@code condition} holds; fails naming {@code what} after 30 seconds. */
  protected static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Every record of {@code topic} from its start to its current end, partition by partition. */
  protected <K, V> List<KeyValue<K, V>> readTopic(
      String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    try (Log log = Log.open(Map.of(Log.BOOTSTRAP_SERVERS, server.bootstrapServers()));
        LogConsumer consumer = log.newConsumer(null)) {
      TopicSpec spec =
          log.describeTopic(topic).orElseThrow(() -> new AssertionError("no topic " + topic));
      List<TopicPartition> partitions =
          IntStream.range(0, spec.partitions())
              .mapToObj(p -> new TopicPartition(topic, p))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<KeyValue<K, V>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out reading topic " + topic);
        }
        for (LogRecord r : consumer.poll(Duration.ofMillis(100))) {
          records.add(
              KeyValue.pair(keySerde.deserialize(r.key()), valueSerde.deserialize(r.value())));
        }
      }
      return records;
    }
  }

  /** Writes to two streams; the capture is synchronized for {@link #printed()}. */
  private static final class Tee extends OutputStream {
    private final ByteArrayOutputStream capture;
    private final OutputStream echo;

    Tee(ByteArrayOutputStream capture, OutputStream echo) {
      this.capture = capture;
      this.echo = echo;
    }

    @Override
    public void write(int b) {
      synchronized (capture) {
        capture.write(b);
      }
      try {
        echo.write(b);
      } catch (java.io.IOException e) {
        // the echo is for reading the test's output file only
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (capture) {
        capture.write(b, off, len);
      }
      try {
        echo.write(b, off, len);
      } catch (java.io.IOException e) {
        // the echo is for reading the test's output file only
      }
    }
  }
}
