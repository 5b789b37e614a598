package io.runnel.log.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's leader epochs: for each epoch in which a leader appended (or took over), the first
 * offset of that epoch (KIP-101). It answers "where does epoch E end?" for OffsetForLeaderEpoch, so
 * a returning replica can cut off what it wrote that the leader never had. Kept in {@code
 * leader-epoch-checkpoint} in the partition's directory, in Kafka's layout:
 *
 * <pre>
 *   0                       version
 *   N                       number of entries
 *   epoch startOffset       N lines, epochs and offsets strictly increasing
 * </pre>
 *
 * Written whole to a temporary file, fsynced and renamed over the old one at every change (a change
 * comes with a leader change or a truncation, not with ordinary appends). A missing or unreadable
 * file is rebuilt from the partitionLeaderEpoch of the batches in the log.
 *
 * <p>Not thread-safe: owned by the partition's append lock; {@link #endOffsetFor} and {@link
 * #latestEpoch} read a snapshot and may run from any thread.
 */
final class LeaderEpochCache {
  static final String FILE_NAME = "leader-epoch-checkpoint";

  /** One epoch and its first offset. */
  record Entry(int epoch, long startOffset) {}

  private final Path file;
  private volatile List<Entry> entries = List.of();

  private LeaderEpochCache(Path dir) {
    this.file = dir.resolve(FILE_NAME);
  }

  /** Reads the file; returns null when it is missing or unreadable (the caller rebuilds from the log). */
  static LeaderEpochCache read(Path dir) {
    LeaderEpochCache cache = new LeaderEpochCache(dir);
    try (BufferedReader r = Files.newBufferedReader(cache.file, StandardCharsets.UTF_8)) {
      if (!"0".equals(r.readLine())) {
        return null;
      }
      int n = Integer.parseInt(r.readLine().trim());
      List<Entry> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String[] f = r.readLine().trim().split(" ");
        Entry e = new Entry(Integer.parseInt(f[0]), Long.parseLong(f[1]));
        if (!list.isEmpty() && (e.epoch() <= list.get(list.size() - 1).epoch()
            || e.startOffset() < list.get(list.size() - 1).startOffset())) {
          return null;
        }
        list.add(e);
      }
      cache.entries = List.copyOf(list);
      return cache;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** An empty cache for {@code dir}, filled by {@link #assign} while the log's batches are read. */
  static LeaderEpochCache empty(Path dir) {
    return new LeaderEpochCache(dir);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The latest epoch, or -1 when none is known. */
  int latestEpoch() {
    List<Entry> e = entries;
    return e.isEmpty() ? -1 : e.get(e.size() - 1).epoch();
  }

  /**
   * Records that {@code epoch} starts at {@code startOffset} when it is newer than the latest
   * epoch; returns whether it changed anything (the caller then {@link #write}s).
   */
  boolean assign(int epoch, long startOffset) {
    List<Entry> e = entries;
    if (epoch < 0 || (!e.isEmpty() && epoch <= e.get(e.size() - 1).epoch())) {
      return false;
    }
    List<Entry> next = new ArrayList<>(e);
    // An epoch that took over without appending ends where the next one starts: drop it.
    while (!next.isEmpty() && next.get(next.size() - 1).startOffset() >= startOffset) {
      next.remove(next.size() - 1);
    }
    next.add(new Entry(epoch, startOffset));
    entries = List.copyOf(next);
    return true;
  }

  /** Forgets the epochs that start at or after {@code endOffset} (the log was truncated there). */
  boolean truncateFromEnd(long endOffset) {
    List<Entry> e = entries;
    List<Entry> next = new ArrayList<>(e);
    next.removeIf(x -> x.startOffset() >= endOffset);
    if (next.size() == e.size()) {
      return false;
    }
    entries = List.copyOf(next);
    return true;
  }

  void clear() {
    entries = List.of();
  }

  /**
   * KIP-101/279: for a requested epoch, the largest known epoch at or below it and its end offset
   * (the start of the next known epoch, or {@code logEndOffset} when it is the latest); {@link
   * EpochEndOffset#UNDEFINED} when the requested epoch is older than every known one.
   */
  EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
    List<Entry> e = entries;
    for (int i = e.size() - 1; i >= 0; i--) {
      if (e.get(i).epoch() <= requestedEpoch) {
        long end = i == e.size() - 1 ? logEndOffset : e.get(i + 1).startOffset();
        return new EpochEndOffset(e.get(i).epoch(), end);
      }
    }
    return EpochEndOffset.UNDEFINED;
  }

  /** Writes the entries to the file: temporary file, fsync, atomic rename. */
  void write() {
    StringBuilder text = new StringBuilder("0\n");
    List<Entry> e = entries;
    text.append(e.size()).append('\n');
    for (Entry x : e) {
      text.append(x.epoch()).append(' ').append(x.startOffset()).append('\n');
    }
    AtomicTextFile.write(file, text.toString());
  }
}
