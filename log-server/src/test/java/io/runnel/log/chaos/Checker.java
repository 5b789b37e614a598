package io.runnel.log.chaos;

import io.runnel.log.storage.FileSlice;
import io.runnel.log.storage.LogConfig;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.Record;
import io.runnel.log.storage.RecordBatch;
import io.runnel.log.storage.RecordIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks what a chaos run left against what its producers were told. Two reads of every partition:
 *
 * <ol>
 *   <li>{@link #readThroughLeaders}: a kafka-clients consumer (no group) from the log start to the end
 *       offset, i.e. what a user reads below the high watermark, through the leaders.
 *   <li>{@link #readReplica}: each replica's own files, read after the nodes were stopped cleanly, from
 *       a copy of the partition's directory (so the checker never changes the evidence) opened with
 *       {@link PartitionLog}, every batch's CRC checked.
 * </ol>
 *
 * <p>{@link #check} then verifies: every acknowledged value present at the offset it was acknowledged
 * with ("lost" otherwise), no value twice, values in increasing order along the offsets, no value that
 * was never sent, and every replica identical to the consumer's read (offsets, values and the batches'
 * leader epochs; a replica's extra tail past the high watermark counts as a difference too, since the
 * cluster is quiet and its ISR full when the checker runs).
 *
 * <p>Not thread-safe; used by the harness thread after the run.
 */
final class Checker {
  /** One record as stored: its offset, value and its batch's leader epoch (-1 when unknown). */
  record Entry(long offset, String value, int leaderEpoch) {}

  /** What the check found; {@code problems} lists the first few of each kind in words. */
  record Result(long lost, long offsetMismatches, long duplicates, long outOfOrder, long unknownValues,
                long replicaMismatches, long recordsRead, List<String> problems) {
    boolean ok() {
      return lost == 0 && offsetMismatches == 0 && duplicates == 0 && outOfOrder == 0 && unknownValues == 0
          && replicaMismatches == 0;
    }
  }

  private static final int MAX_PROBLEMS_PER_KIND = 5;

  private Checker() {}

  /** Every partition of {@code topic}, read with a consumer through the leaders (log start to end offset). */
  static Map<Integer, List<Entry>> readThroughLeaders(String bootstrap, String topic, int partitions, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-checker");
    Map<Integer, List<Entry>> out = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        tps.add(new TopicPartition(topic, i));
        out.put(i, new ArrayList<>());
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (tps.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the checker could not read " + topic + " to its end offsets " + end
              + " within " + timeout);
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          out.get(r.partition()).add(new Entry(r.offset(), r.value(), r.leaderEpoch().orElse(-1)));
        }
      }
    }
    return out;
  }

  /**
   * One replica's log of {@code topic-partition} in {@code logDir}, or null when the node has no such
   * directory. Reads a copy made in {@code scratch} (one scratch directory per node: the copy is named
   * after the partition).
   */
  static List<Entry> readReplica(Path logDir, String topic, int partition, Path scratch) {
    Path dir = logDir.resolve(topic + "-" + partition);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    Path copy = scratch.resolve(dir.getFileName());
    try {
      copyDirectory(dir, copy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy replica " + dir + " to " + copy, e);
    }
    List<Entry> out = new ArrayList<>();
    try (PartitionLog log = PartitionLog.open(copy, LogConfig.of(Map.of()), InstantSource.system())) {
      long offset = log.logStartOffset();
      while (offset < log.logEndOffset()) {
        FileSlice slice = log.read(offset, 1 << 20).slice().orElse(null);
        if (slice == null) {
          break;
        }
        long next = decode(slice.readFully(), offset, out);
        if (next <= offset) {
          throw new IllegalStateException("replica " + dir + ": no complete batch at offset " + offset);
        }
        offset = next;
      }
    }
    return out;
  }

  private static long decode(ByteBuffer buffer, long from, List<Entry> out) {
    int position = 0;
    long next = from;
    while (buffer.limit() - position >= RecordBatch.LOG_OVERHEAD) {
      int size = RecordBatch.peekSize(buffer, position);
      if (size <= 0 || position + size > buffer.limit()) {
        break;
      }
      RecordBatch batch = new RecordBatch(buffer, position);
      if (!batch.isCrcValid()) {
        throw new IllegalStateException("batch at offset " + batch.baseOffset() + " fails its CRC");
      }
      for (RecordIterator it = batch.records(); it.hasNext(); ) {
        Record r = it.next();
        if (r.offset() >= from) {
          out.add(new Entry(r.offset(), r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
              batch.partitionLeaderEpoch()));
        }
      }
      next = Math.max(next, batch.nextOffset());
      position += size;
    }
    return next;
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }

  /**
   * Compares the consumer's read with what the producers were told and with every replica.
   *
   * @param read partition -> the consumer's read
   * @param attempts partition -> values sent (0 until this)
   * @param acked partition -> (value -> acknowledged offset)
   * @param replicas partition -> (node id -> that replica's log, or null when the node has none)
   */
  static Result check(Map<Integer, List<Entry>> read, Map<Integer, Long> attempts,
                      Map<Integer, NavigableMap<Long, Long>> acked, Map<Integer, Map<Integer, List<Entry>>> replicas) {
    Problems problems = new Problems();
    long recordsRead = 0;
    for (Map.Entry<Integer, List<Entry>> e : read.entrySet()) {
      int partition = e.getKey();
      List<Entry> entries = e.getValue();
      recordsRead += entries.size();
      Map<Long, Long> offsetOfValue = new HashMap<>();
      long previous = -1;
      for (Entry entry : entries) {
        long value;
        try {
          value = Long.parseLong(entry.value());
        } catch (NumberFormatException ex) {
          problems.add("unknown", "partition " + partition + " offset " + entry.offset() + ": value '" + entry.value()
              + "' was never sent");
          continue;
        }
        if (value < 0 || value >= attempts.get(partition)) {
          problems.add("unknown", "partition " + partition + " offset " + entry.offset() + ": value " + value
              + " was never sent (" + attempts.get(partition) + " sent)");
        }
        Long earlier = offsetOfValue.putIfAbsent(value, entry.offset());
        if (earlier != null) {
          problems.add("duplicate", "partition " + partition + ": value " + value + " at offsets " + earlier + " and "
              + entry.offset());
        }
        if (value <= previous) {
          problems.add("order", "partition " + partition + " offset " + entry.offset() + ": value " + value
              + " after value " + previous);
        }
        previous = Math.max(previous, value);
      }
      for (Map.Entry<Long, Long> ack : acked.get(partition).entrySet()) {
        Long offset = offsetOfValue.get(ack.getKey());
        if (offset == null) {
          problems.add("lost", "partition " + partition + ": value " + ack.getKey() + " acknowledged at offset "
              + ack.getValue() + " is missing");
        } else if (offset.longValue() != ack.getValue()) {
          problems.add("offset", "partition " + partition + ": value " + ack.getKey() + " acknowledged at offset "
              + ack.getValue() + " is at offset " + offset);
        }
      }
      for (Map.Entry<Integer, List<Entry>> replica : replicas.getOrDefault(partition, Map.of()).entrySet()) {
        String difference = difference(entries, replica.getValue());
        if (difference != null) {
          problems.add("replica", "partition " + partition + " on node " + replica.getKey() + ": " + difference);
        }
      }
    }
    return new Result(problems.count("lost"), problems.count("offset"), problems.count("duplicate"),
        problems.count("order"), problems.count("unknown"), problems.count("replica"), recordsRead, problems.lines);
  }

  /** Null when {@code replica} holds exactly {@code expected}, else the first difference in words. */
  private static String difference(List<Entry> expected, List<Entry> replica) {
    if (replica == null) {
      return "no log directory although the node is a replica";
    }
    int n = Math.min(expected.size(), replica.size());
    for (int i = 0; i < n; i++) {
      Entry a = expected.get(i);
      Entry b = replica.get(i);
      boolean epochsKnown = a.leaderEpoch() >= 0 && b.leaderEpoch() >= 0;
      if (a.offset() != b.offset() || !java.util.Objects.equals(a.value(), b.value())
          || (epochsKnown && a.leaderEpoch() != b.leaderEpoch())) {
        return "record " + i + " differs: leader read " + a + ", replica has " + b;
      }
    }
    if (expected.size() != replica.size()) {
      return "holds " + replica.size() + " records, the leader read " + expected.size()
          + (replica.size() > n ? " (first extra: " + replica.get(n) + ")" : " (first missing: " + expected.get(n) + ")");
    }
    return null;
  }

  /** Counts per kind, and the first few lines of each. */
  private static final class Problems {
    final Map<String, Long> counts = new HashMap<>();
    final List<String> lines = new ArrayList<>();

    void add(String kind, String line) {
      long c = counts.merge(kind, 1L, Long::sum);
      if (c <= MAX_PROBLEMS_PER_KIND) {
        lines.add(kind + ": " + line);
      }
    }

    long count(String kind) {
      return counts.getOrDefault(kind, 0L);
    }
  }
}
