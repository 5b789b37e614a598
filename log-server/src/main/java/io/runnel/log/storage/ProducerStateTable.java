package io.runnel.log.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idempotent-producer state of one partition: per producer id, its epoch and the sequence ranges
 * and offsets of its last five batches (the most a producer has in flight), so a retried batch is
 * recognized as a duplicate and a gap is refused. Rebuilt from the batch headers on open, starting
 * from the snapshot written at the last clean close:
 *
 * <pre>
 *   producer.snapshot   line 1: "offset N"   (the log end offset the state covers)
 *                       then one line per batch: pid epoch firstSeq lastSeq firstOffset lastOffset
 * </pre>
 *
 * Not thread-safe: owned by the partition's append lock.
 */
final class ProducerStateTable {
  static final String SNAPSHOT = "producer.snapshot";
  private static final int BATCHES_KEPT = 5;

  /** One appended batch of a producer. */
  record BatchMeta(int firstSeq, int lastSeq, long firstOffset, long lastOffset) {}

  private static final class Entry {
    short epoch;
    final ArrayDeque<BatchMeta> batches = new ArrayDeque<>();
  }

  private final Map<Long, Entry> producers = new HashMap<>();

  /** Kafka's sequence arithmetic: sequences wrap from Integer.MAX_VALUE to 0. */
  static int increment(int sequence, int by) {
    if (sequence > Integer.MAX_VALUE - by) {
      return by - (Integer.MAX_VALUE - sequence) - 1;
    }
    return sequence + by;
  }

  /**
   * Checks a batch before it is appended: returns the original when it is a duplicate, null when
   * it may be appended, and throws on a fenced epoch or a sequence gap.
   */
  BatchMeta check(RecordBatch batch, String partition) {
    long pid = batch.producerId();
    short epoch = batch.producerEpoch();
    int firstSeq = batch.baseSequence();
    int lastSeq = increment(firstSeq, batch.lastOffsetDelta());
    Entry entry = producers.get(pid);
    if (entry == null) {
      return null; // a producer this partition has not seen (or whose state expired): accept
    }
    if (epoch < entry.epoch) {
      throw new ProducerFencedException("producer " + pid + " epoch " + epoch + " is fenced on " + partition
          + " by epoch " + entry.epoch);
    }
    if (epoch > entry.epoch) {
      if (firstSeq != 0) {
        throw new OutOfOrderSequenceException("producer " + pid + " started epoch " + epoch + " on " + partition
            + " at sequence " + firstSeq + "; a new epoch starts at 0");
      }
      return null;
    }
    for (BatchMeta m : entry.batches) {
      if (m.firstSeq() == firstSeq && m.lastSeq() == lastSeq) {
        return m;
      }
    }
    int expected = increment(entry.batches.getLast().lastSeq(), 1);
    if (firstSeq != expected) {
      throw new OutOfOrderSequenceException("producer " + pid + " sent sequence " + firstSeq + " to " + partition
          + " but the next expected is " + expected);
    }
    return null;
  }

  /** Records an appended batch (after offsets are assigned). */
  void update(RecordBatch batch) {
    if (batch.producerId() < 0) {
      return;
    }
    int lastSeq = increment(batch.baseSequence(), batch.lastOffsetDelta());
    record(batch.producerId(), batch.producerEpoch(),
        new BatchMeta(batch.baseSequence(), lastSeq, batch.baseOffset(), batch.lastOffset()));
  }

  private void record(long pid, short epoch, BatchMeta meta) {
    Entry entry = producers.computeIfAbsent(pid, k -> new Entry());
    if (epoch != entry.epoch) {
      entry.batches.clear();
      entry.epoch = epoch;
    }
    entry.batches.addLast(meta);
    while (entry.batches.size() > BATCHES_KEPT) {
      entry.batches.removeFirst();
    }
  }

  int size() {
    return producers.size();
  }

  /** Writes the state, covering the log up to {@code endOffset}, atomically. */
  void writeSnapshot(Path dir, long endOffset) {
    StringBuilder text = new StringBuilder("offset ").append(endOffset).append('\n');
    for (Map.Entry<Long, Entry> e : producers.entrySet()) {
      for (BatchMeta m : e.getValue().batches) {
        text.append(e.getKey()).append(' ').append(e.getValue().epoch).append(' ').append(m.firstSeq()).append(' ')
            .append(m.lastSeq()).append(' ').append(m.firstOffset()).append(' ').append(m.lastOffset()).append('\n');
      }
    }
    AtomicTextFile.write(dir.resolve(SNAPSHOT), text.toString());
  }

  /** Loads a snapshot; returns the offset it covers, or -1 when there is none or it is unreadable. */
  long readSnapshot(Path dir) {
    try (BufferedReader r = Files.newBufferedReader(dir.resolve(SNAPSHOT), StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null || !first.startsWith("offset ")) {
        return -1;
      }
      long offset = Long.parseLong(first.substring(7));
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        record(Long.parseLong(f[0]), Short.parseShort(f[1]), new BatchMeta(Integer.parseInt(f[2]),
            Integer.parseInt(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])));
      }
      return offset;
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException | RuntimeException e) {
      producers.clear(); // unreadable: rebuild from the log instead
      return -1;
    }
  }
}
