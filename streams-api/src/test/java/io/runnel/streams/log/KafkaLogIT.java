package io.runnel.streams.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LogServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Log contract on the kafka backend, against a real log-server on a loopback port. */
class KafkaLogIT extends LogContract {
  @TempDir static Path dir;
  private static LogServer server;

  @BeforeAll
  static void startServer() {
    server = TestLogServer.start(dir);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected Log openLog() {
    return Log.open(Map.of("log.backend", "kafka", "bootstrap.servers", server.bootstrapServers()));
  }

  @Test
  void consumerPrefixedKeysReachTheConsumers() {
    // A member that stops polling leaves after max.poll.interval.ms: 1 s here instead of the
    // default 5 minutes, so a second member gets every partition soon.
    try (Log tuned =
            Log.open(
                Map.of(
                    "bootstrap.servers", server.bootstrapServers(),
                    "consumer.max.poll.interval.ms", "1000"));
        LogConsumer stalled = tuned.newConsumer("stalled-group");
        LogConsumer second = tuned.newConsumer("stalled-group")) {
      tuned.createTopic(TopicSpec.of("stalled", 2));
      stalled.subscribe(List.of("stalled"), new IgnoringListener());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (stalled.assignment().size() < 2 && System.nanoTime() < deadline) {
        stalled.poll(Duration.ofMillis(100));
      }
      assertThat(stalled.assignment()).hasSize(2);

      second.subscribe(List.of("stalled"), new IgnoringListener());
      while (second.assignment().size() < 2 && System.nanoTime() < deadline) {
        second.poll(Duration.ofMillis(100));
      }
      assertThat(second.assignment())
          .containsExactlyInAnyOrder(
              new TopicPartition("stalled", 0), new TopicPartition("stalled", 1));
    }
  }

  private static final class IgnoringListener implements RebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
  }
}
