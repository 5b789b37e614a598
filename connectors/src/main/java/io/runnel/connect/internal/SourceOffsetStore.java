package io.runnel.connect.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.runnel.connect.ConnectException;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source offsets kept in a compacted topic of the log (DESIGN.md decision 8).
 *
 * <p>Record layout, both JSON with map keys sorted so equal partitions give equal bytes (and
 * compaction keeps one record per source partition):
 *
 * <pre>
 *   key   = ["&lt;connector name&gt;", {&lt;source partition&gt;}]
 *           e.g. ["logs", {"file": "/var/log/a.log"}]
 *   value = {&lt;source offset&gt;}, e.g. {"inode": "...", "position": 4096}
 *           or null (a tombstone: the offset was forgotten)
 * </pre>
 *
 * <p>{@link #load} reads the whole topic once at start, the latest record of a key winning; {@link
 * #write} appends and waits for the acknowledgement before updating the in-memory view.
 *
 * <p>Thread-safe: reads go to a concurrent map; writes are serialized on this object.
 */
public final class SourceOffsetStore implements AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(SourceOffsetStore.class);

  private final Log log;
  private final String topic;
  private final Map<String, Map<String, Object>> offsets = new ConcurrentHashMap<>();
  private LogProducer producer;
  private int partitions;

  /** A store over {@code topic} of {@code log}; nothing is read before {@link #load}. */
  public SourceOffsetStore(Log log, String topic) {
    this.log = log;
    this.topic = topic;
  }

  /**
   * Creates the topic (compacted, one partition) if it is missing and reads it to its end.
   *
   * @throws ConnectException naming the topic if it cannot be read
   */
  public synchronized void load() {
    try {
      log.createTopic(TopicSpec.compacted(topic, 1));
      partitions = log.describeTopic(topic).orElseThrow().partitions();
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(topic, p));
      }
      try (LogConsumer consumer = log.newConsumer(null)) {
        consumer.assign(all);
        Map<TopicPartition, Long> end = consumer.endOffsets(all);
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (!caughtUp(consumer, end)) {
          if (System.nanoTime() > deadline) {
            throw new ConnectException(
                "offsets topic '" + topic + "' not read to its end within " + LOAD_TIMEOUT);
          }
          for (LogRecord record : consumer.poll(Duration.ofMillis(100))) {
            apply(record.key(), record.value());
          }
        }
      }
      producer = log.newProducer();
    } catch (LogException e) {
      throw new ConnectException("cannot read the source offsets topic '" + topic + "'", e);
    }
  }

  private static boolean caughtUp(LogConsumer consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(byte[] key, byte[] value) {
    if (key == null) {
      return;
    }
    String canonical = new String(key, StandardCharsets.UTF_8);
    if (value == null) {
      offsets.remove(canonical);
      return;
    }
    try {
      offsets.put(canonical, JSON.readValue(value, MAP));
    } catch (IOException e) {
      // A record another tool wrote: skipping it loses a resume point (the source re-reads, so
      // records may repeat), never data.
      LOG.warn(
          "offsets topic '{}' holds a value that is not a JSON object under {}; ignored",
          topic,
          canonical);
    }
  }

  /** The latest offset of {@code sourcePartition} stored by {@code connector}, or null. */
  public Map<String, Object> offset(String connector, Map<String, ?> sourcePartition) {
    return offsets.get(keyText(connector, sourcePartition));
  }

  /**
   * Stores the offsets of {@code connector}'s source partitions and waits until the log
   * acknowledged them.
   *
   * @throws ConnectException naming the topic if the log does not acknowledge them
   */
  public synchronized void write(String connector, Map<Map<String, ?>, Map<String, ?>> latest) {
    if (latest.isEmpty()) {
      return;
    }
    Map<String, Map<String, Object>> written = new HashMap<>();
    List<CompletableFuture<Long>> acks = new ArrayList<>();
    for (Map.Entry<Map<String, ?>, Map<String, ?>> e : latest.entrySet()) {
      String key = keyText(connector, e.getKey());
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      byte[] value = json(e.getValue());
      TopicPartition tp = new TopicPartition(topic, KeyPartitioner.partition(keyBytes, partitions));
      acks.add(producer.send(tp, keyBytes, value, System.currentTimeMillis()));
      written.put(key, new HashMap<>(e.getValue()));
    }
    try {
      producer.flush();
      CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).join();
    } catch (RuntimeException e) {
      throw new ConnectException(
          "cannot store source offsets of connector '" + connector + "' in topic '" + topic + "'",
          e);
    }
    offsets.putAll(written);
  }

  private static String keyText(String connector, Map<String, ?> sourcePartition) {
    return new String(json(List.of(connector, sourcePartition)), StandardCharsets.UTF_8);
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new ConnectException("a source partition or offset is not JSON-friendly: " + value, e);
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
