package io.runnel.bench.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * Reads an app's output topic from the beginning (manual assignment, no group) and keeps the latest
 * count per output key (a word, or a word and window in whatever key layout the engine writes), and
 * their sum: the app is done when the sum equals the number of words in the input.
 *
 * <p>Not thread-safe: used by the benchmark's main thread only.
 */
final class OutputTally implements AutoCloseable {
  private final KafkaConsumer<byte[], Long> consumer;
  private final Map<ByteBuffer, Long> latest = new HashMap<>();
  private long sum;
  private long records;

  OutputTally(String servers, String topic, int partitions) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
            new ByteArrayDeserializer(),
            new LongDeserializer());
    List<TopicPartition> tps =
        java.util.stream.IntStream.range(0, partitions)
            .mapToObj(p -> new TopicPartition(topic, p))
            .toList();
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
  }

  /**
   * Polls until the sum of the latest counts reaches {@code target}, the deadline passes, or {@code
   * failure} reports the app failed; returns whether the target was reached.
   */
  boolean awaitSum(long target, long deadlineNanos, Supplier<Throwable> failure) {
    while (sum != target) {
      if (System.nanoTime() > deadlineNanos || failure.get() != null) {
        return false;
      }
      for (ConsumerRecord<byte[], Long> r : consumer.poll(Duration.ofMillis(50))) {
        records++;
        long value = r.value() == null ? 0 : r.value();
        Long old = latest.put(ByteBuffer.wrap(r.key()), value);
        sum += value - (old == null ? 0 : old);
      }
    }
    return true;
  }

  long sum() {
    return sum;
  }

  /** Output records read so far. */
  long records() {
    return records;
  }

  /** The latest counts with the keys read as UTF-8 strings (for the non-windowed word count). */
  Map<String, Long> countsByStringKey() {
    Map<String, Long> counts = new HashMap<>();
    latest.forEach(
        (k, v) -> counts.put(StandardCharsets.UTF_8.decode(k.duplicate()).toString(), v));
    return counts;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
