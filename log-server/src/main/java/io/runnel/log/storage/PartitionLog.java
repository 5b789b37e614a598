package io.runnel.log.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic partition's log on disk: a directory of {@link LogSegment}s, the last one active, and a
 * {@link LogCheckpoint}. Appends take v2 batches as a producer sent them, validate them, assign
 * offsets by patching baseOffset and write them; reads hand back file ranges to send without
 * copying.
 *
 * <p>Invariants: offsets are dense within a batch, increase across batches and are never reused,
 * even after a crash (a log whose tail was lost restarts at its log start offset at the lowest).
 * Every batch below the recovery point was fsynced; on open, segments from the one holding the
 * recovery point on are scanned and a torn or corrupt tail is cut off.
 *
 * <p>Threading: appends, rolls, retention, truncation and segment swaps are serialized by the append
 * lock; reads, lookups and flushes may run from any thread at the same time.
 */
public final class PartitionLog implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
  static final String DELETED_SUFFIX = ".deleted";
  static final String CLEANED_SUFFIX = ".cleaned";
  static final String SWAP_SUFFIX = ".swap";

  private final Path dir;
  private final String name;
  private final InstantSource clock;
  private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
  private final ReentrantLock appendLock = new ReentrantLock();
  private final Object flushLock = new Object();
  private final List<PendingDelete> pendingDeletes = Collections.synchronizedList(new ArrayList<>());
  private ProducerStateTable producers = new ProducerStateTable();
  private LeaderEpochCache epochs;
  private volatile LogConfig config;
  private volatile long logStartOffset;
  private volatile long nextOffset;
  private volatile long recoveryPoint;
  private volatile long cleanerOffset;
  private long unflushedRecords;
  private long firstUnflushedMs = -1;
  private volatile boolean closed;
  /** The topic id from {@code partition.metadata}; empty for a log from before that file. */
  private volatile Optional<UUID> topicId = Optional.empty();

  private record PendingDelete(LogSegment segment, long deleteAtMs) {}

  private PartitionLog(Path dir, LogConfig config, InstantSource clock) {
    this.dir = dir;
    this.name = dir.getFileName().toString();
    this.config = config;
    this.clock = clock;
  }

  /** Opens (creating when missing) the log in {@code dir}, recovering what needs it. */
  public static PartitionLog open(Path dir, LogConfig config, InstantSource clock) {
    PartitionLog log = new PartitionLog(dir, config, clock);
    log.load();
    return log;
  }

  private void load() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log directory " + dir, e);
    }
    LogCheckpoint checkpoint = LogCheckpoint.read(dir);
    completeInterruptedSwapsAndCleanUp();
    topicId = PartitionMetadataFile.read(dir);
    long now = clock.millis();
    List<Long> bases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(LogSegment.LOG_SUFFIX))
          .forEach(f -> bases.add(Long.parseLong(f.substring(0, f.length() - LogSegment.LOG_SUFFIX.length()))));
    } catch (IOException | NumberFormatException e) {
      throw new StorageException("cannot list the segments of " + dir + ": " + e.getMessage(), e);
    }
    Collections.sort(bases);
    long recoverFrom = checkpoint.recoveryPoint();
    boolean truncated = false;
    List<LogSegment> recovered = new ArrayList<>();
    for (long base : bases) {
      boolean last = base == bases.get(bases.size() - 1);
      LogSegment segment = LogSegment.open(dir, base, config.indexIntervalBytes(), now);
      if (truncated) {
        LOG.warn("{}: deleting segment {} after a corrupt batch in an earlier segment", name, segment.logFile());
        segment.closeAndDelete();
        continue;
      }
      long previousNext = segments.isEmpty() ? Long.MIN_VALUE : segments.lastEntry().getValue().nextOffset();
      if (base < previousNext) {
        throw new StorageException("segment " + segment.logFile() + " overlaps the segment before it (which ends at "
            + previousNext + "); move the directory aside and let the partition re-replicate");
      }
      // A segment holding anything past the recovery point is scanned (after a clean close the
      // recovery point is the log end and nothing is); so is one whose indexes do not add up.
      if (!segment.loadTrusted(last) || segment.nextOffset() > recoverFrom) {
        int cut = segment.recover();
        recovered.add(segment);
        if (cut > 0) {
          LOG.warn("{}: truncated {} bytes of torn or corrupt data at the end of {} (log end offset now {})",
              name, cut, segment.logFile(), segment.nextOffset());
          truncated = true;
        }
      }
      segments.put(base, segment);
    }
    long start = checkpoint.logStartOffset();
    long end = segments.isEmpty() ? start : segments.lastEntry().getValue().nextOffset();
    if (end < start) {
      // The tail below the log start offset was lost: never reuse an offset, start over there.
      for (LogSegment s : segments.values()) {
        s.closeAndDelete();
      }
      segments.clear();
    }
    if (segments.isEmpty()) {
      segments.put(start, LogSegment.create(dir, start, "", config.indexIntervalBytes(), now));
    }
    logStartOffset = Math.max(start, segments.firstKey());
    nextOffset = segments.lastEntry().getValue().nextOffset();
    cleanerOffset = Math.max(checkpoint.cleanerOffset(), logStartOffset);
    // What recovery kept may still be only in the page cache: make it durable before claiming it.
    for (LogSegment s : recovered) {
      if (segments.get(s.baseOffset()) == s) {
        s.flush();
      }
    }
    recoveryPoint = nextOffset;
    writeCheckpoint();
    rebuildProducerState();
    loadLeaderEpochs();
    if (!recovered.isEmpty()) {
      LOG.info("{}: recovered {} segment(s); log start offset {}, log end offset {}", name, recovered.size(),
          logStartOffset, nextOffset);
    }
  }

  /** Loads the producer snapshot and reads the batch headers after it, or all of them without one. */
  private void rebuildProducerState() {
    long from = producers.readSnapshot(dir);
    if (from < 0 || from > nextOffset) {
      producers = new ProducerStateTable();
      from = logStartOffset;
    }
    Map.Entry<Long, LogSegment> first = segments.floorEntry(from);
    for (LogSegment s : (first == null ? segments : segments.tailMap(first.getKey())).values()) {
      int limit = s.size();
      LogSegment.BatchPosition at = s.find(from, limit);
      while (at != null) {
        RecordBatch header = s.readHeader(at);
        if (header.producerId() >= 0) {
          producers.update(header);
        }
        at = s.find(at.lastOffset() + 1, limit);
      }
    }
  }

  /** Reads the leader-epoch file, or rebuilds it from the batch headers; forgets epochs past the log end. */
  private void loadLeaderEpochs() {
    LeaderEpochCache read = LeaderEpochCache.read(dir);
    if (read != null) {
      epochs = read;
      if (epochs.truncateFromEnd(nextOffset)) {
        epochs.write();
      }
      return;
    }
    epochs = LeaderEpochCache.empty(dir);
    for (LogSegment s : segments.values()) {
      int limit = s.size();
      LogSegment.BatchPosition at = s.find(logStartOffset, limit);
      while (at != null) {
        RecordBatch header = s.readHeader(at);
        epochs.assign(header.partitionLeaderEpoch(), header.baseOffset());
        at = s.find(at.lastOffset() + 1, limit);
      }
    }
    epochs.write();
  }

  /** Finishes what a crash interrupted: a cleaner swap past its point of no return, deletions, temp files. */
  private void completeInterruptedSwapsAndCleanUp() {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    try {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (n.endsWith(DELETED_SUFFIX) || n.endsWith(CLEANED_SUFFIX) || n.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        }
      }
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (n.endsWith(LogSegment.LOG_SUFFIX + SWAP_SUFFIX)) {
          String base = n.substring(0, n.length() - (LogSegment.LOG_SUFFIX + SWAP_SUFFIX).length());
          // The cleaned file was complete and fsynced before it was renamed to .swap: it wins.
          Files.deleteIfExists(dir.resolve(base + LogSegment.INDEX_SUFFIX));
          Files.deleteIfExists(dir.resolve(base + LogSegment.TIME_INDEX_SUFFIX));
          Files.move(f, dir.resolve(base + LogSegment.LOG_SUFFIX), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else if (n.endsWith(SWAP_SUFFIX)) {
          Files.deleteIfExists(f);
        }
      }
      for (Path f : files) {
        String n = f.getFileName().toString();
        if ((n.endsWith(LogSegment.INDEX_SUFFIX) || n.endsWith(LogSegment.TIME_INDEX_SUFFIX))) {
          String base = n.substring(0, n.indexOf('.'));
          if (!Files.exists(dir.resolve(base + LogSegment.LOG_SUFFIX))) {
            Files.deleteIfExists(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up interrupted work in " + dir, e);
    }
  }

  /** The id of the topic this log belongs to, from {@code partition.metadata}; empty for a log from before that file. */
  public Optional<UUID> topicId() {
    return topicId;
  }

  /** Records (fsynced) the id of the topic this log belongs to; see {@link PartitionMetadataFile}. */
  public void assignTopicId(UUID id) {
    PartitionMetadataFile.write(dir, id);
    topicId = Optional.of(id);
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public LogConfig config() {
    return config;
  }

  /** Replaces the topic configuration; takes effect from the next append, roll or retention run. */
  public void updateConfig(LogConfig newConfig) {
    this.config = newConfig;
  }

  public long logStartOffset() {
    return logStartOffset;
  }

  /** One past the last offset written: the offset the next record will get. */
  public long logEndOffset() {
    return nextOffset;
  }

  /** Every batch below this offset is fsynced. */
  public long recoveryPoint() {
    return recoveryPoint;
  }

  public int numberOfSegments() {
    return segments.size();
  }

  /** Bytes of all segments. */
  public long size() {
    long total = 0;
    for (LogSegment s : segments.values()) {
      total += s.size();
    }
    return total;
  }

  /**
   * Validates {@code records} (one or more v2 batches, from position to limit), assigns their
   * offsets and the leader epoch by patching the buffer, and appends them. Nothing is written when
   * any batch is bad.
   */
  public AppendResult append(ByteBuffer records, int leaderEpoch) {
    LogConfig cfg = config;
    List<RecordBatch> batches = BatchValidator.validate(records, cfg, name);
    int bytes = records.remaining();
    AppendResult result;
    boolean flushNow;
    appendLock.lock();
    try {
      ensureOpen();
      RecordBatch single = batches.size() == 1 && batches.get(0).producerId() >= 0 ? batches.get(0) : null;
      if (single != null) {
        ProducerStateTable.BatchMeta original = producers.check(single, name);
        if (original != null) {
          return new AppendResult(original.firstOffset(), original.lastOffset(), -1, 0, 0, true);
        }
      }
      long first = nextOffset;
      long offset = first;
      long maxTimestamp = -1;
      int count = 0;
      long appendTime = clock.millis();
      for (RecordBatch b : batches) {
        if (cfg.logAppendTime()) {
          b.stampLogAppendTime(appendTime);
        }
        b.assignOffsetAndEpoch(offset, leaderEpoch);
        offset = b.nextOffset();
        maxTimestamp = Math.max(maxTimestamp, b.maxTimestamp());
        count += b.recordsCount();
      }
      LogSegment active = maybeRoll(bytes, offset - 1, cfg);
      active.append(records, batches);
      nextOffset = offset;
      if (epochs.assign(leaderEpoch, first)) {
        epochs.write();
      }
      if (single != null) {
        producers.update(single);
      }
      if (firstUnflushedMs < 0) {
        firstUnflushedMs = clock.millis();
      }
      unflushedRecords += count;
      result = new AppendResult(first, offset - 1, maxTimestamp, count, batches.size(), false);
      flushNow = unflushedRecords >= cfg.flushMessages();
    } finally {
      appendLock.unlock();
    }
    if (flushNow) {
      // Outside the append lock (flush takes it briefly), but before the caller can acknowledge.
      flush();
    }
    return result;
  }

  /**
   * A follower's append: {@code records} are batches as the leader stored them (offsets, leader
   * epochs, producer ids and sequences kept). Checks every CRC; a trailing partial batch must be
   * cut off by the caller. The idempotent-producer state and the leader epochs are updated from the
   * batches, so they are the leader's after a failover. Returns the new log end offset.
   *
   * @throws InvalidRecordException when a batch starts below the log end offset
   */
  public long appendAsFollower(ByteBuffer records) {
    LogConfig cfg = config;
    List<RecordBatch> batches = BatchValidator.validateReplicated(records, cfg, name);
    boolean flushNow;
    long end;
    appendLock.lock();
    try {
      ensureOpen();
      long expected = nextOffset;
      int count = 0;
      for (RecordBatch b : batches) {
        if (b.baseOffset() < expected) {
          throw new InvalidRecordException("replicated batch at offset " + b.baseOffset() + " of " + name
              + " is below the log end offset " + expected);
        }
        expected = b.nextOffset();
        count += b.recordsCount();
      }
      LogSegment active = maybeRoll(records.remaining(), expected - 1, cfg);
      active.append(records, batches);
      nextOffset = expected;
      boolean epochChanged = false;
      for (RecordBatch b : batches) {
        producers.update(b);
        epochChanged |= epochs.assign(b.partitionLeaderEpoch(), b.baseOffset());
      }
      if (epochChanged) {
        epochs.write();
      }
      if (firstUnflushedMs < 0) {
        firstUnflushedMs = clock.millis();
      }
      unflushedRecords += count;
      flushNow = unflushedRecords >= cfg.flushMessages();
      end = nextOffset;
    } finally {
      appendLock.unlock();
    }
    if (flushNow) {
      flush();
    }
    return end;
  }

  /** The latest leader epoch of this log's batches (or of a leader that took over), -1 when none. */
  public int latestEpoch() {
    return epochs.latestEpoch();
  }

  /** OffsetForLeaderEpoch: the largest epoch at or below {@code epoch} and the offset where it ends. */
  public EpochEndOffset endOffsetForEpoch(int epoch) {
    appendLock.lock();
    try {
      return epochs.endOffsetFor(epoch, nextOffset);
    } finally {
      appendLock.unlock();
    }
  }

  /** A new leader's epoch starts at the log end offset, even before it appends (KIP-101). */
  public void startLeaderEpoch(int epoch) {
    appendLock.lock();
    try {
      ensureOpen();
      if (epochs.assign(epoch, nextOffset)) {
        epochs.write();
      }
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Cuts the log back so it ends before {@code offset} (at the start of the batch holding it):
   * what a returning replica wrote that the leader does not have. Rebuilds the indexes of the cut
   * segment, the producer state and the leader epochs. Does nothing when the log ends at or before
   * {@code offset}.
   */
  public void truncateTo(long offset) {
    appendLock.lock();
    try {
      ensureOpen();
      if (offset >= nextOffset) {
        return;
      }
      if (offset <= logStartOffset) {
        truncateFullyAndStartAt(logStartOffset);
        return;
      }
      long before = nextOffset;
      List<LogSegment> doomed = new ArrayList<>(segments.tailMap(offset, false).values());
      LogSegment holding = segments.floorEntry(offset).getValue();
      if (holding.baseOffset() == offset) {
        doomed.add(0, holding);
      }
      long now = clock.millis();
      for (LogSegment s : doomed) {
        segments.remove(s.baseOffset());
        s.renameTo(DELETED_SUFFIX);
        pendingDeletes.add(new PendingDelete(s, now + config.fileDeleteDelayMs()));
      }
      if (segments.isEmpty()) {
        segments.put(offset, LogSegment.create(dir, offset, "", config.indexIntervalBytes(), now));
      } else {
        segments.lastEntry().getValue().truncateTo(offset);
      }
      afterTruncation();
      LOG.info("{}: truncated from log end offset {} to {} to match the leader", name, before, nextOffset);
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * KIP-279: given the leader's answer to OffsetForLeaderEpoch for this log's latest epoch (the
   * largest epoch the leader knows at or below it, and where that epoch ends there), truncates to
   * where the two logs agree. Returns true once they agree on the latest epoch; false when the next
   * round must ask again with the epoch left after this truncation.
   */
  public boolean truncateToLeader(EpochEndOffset leader) {
    appendLock.lock();
    try {
      int mine = epochs.latestEpoch();
      if (leader.endOffset() < 0) {
        // The leader knows no epoch this old: keep nothing that cannot be checked.
        truncateTo(logStartOffset);
        return true;
      }
      if (leader.epoch() == mine) {
        truncateTo(leader.endOffset());
        return true;
      }
      EpochEndOffset local = epochs.endOffsetFor(leader.epoch(), nextOffset);
      truncateTo(local.endOffset() < 0 ? logStartOffset : Math.min(leader.endOffset(), local.endOffset()));
      return epochs.latestEpoch() <= leader.epoch() && nextOffset <= leader.endOffset();
    } finally {
      appendLock.unlock();
    }
  }

  /** Drops the whole log and starts it empty at {@code offset} (a replica far behind the leader's log start). */
  public void truncateFullyAndStartAt(long offset) {
    appendLock.lock();
    try {
      ensureOpen();
      long now = clock.millis();
      for (LogSegment s : new ArrayList<>(segments.values())) {
        segments.remove(s.baseOffset());
        s.renameTo(DELETED_SUFFIX);
        pendingDeletes.add(new PendingDelete(s, now + config.fileDeleteDelayMs()));
      }
      segments.put(offset, LogSegment.create(dir, offset, "", config.indexIntervalBytes(), now));
      logStartOffset = offset;
      epochs.clear();
      afterTruncation();
      LOG.info("{}: emptied and restarted at offset {} to match the leader", name, offset);
    } finally {
      appendLock.unlock();
    }
  }

  /** With the append lock held, after segments were cut: log end, checkpoint, epochs, producer state. */
  private void afterTruncation() {
    nextOffset = segments.lastEntry().getValue().nextOffset();
    recoveryPoint = Math.min(recoveryPoint, nextOffset);
    cleanerOffset = Math.min(cleanerOffset, nextOffset);
    writeCheckpoint();
    epochs.truncateFromEnd(nextOffset);
    epochs.write();
    try {
      Files.deleteIfExists(dir.resolve(ProducerStateTable.SNAPSHOT));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the producer snapshot in " + dir, e);
    }
    producers = new ProducerStateTable();
    rebuildProducerState();
  }

  private LogSegment maybeRoll(int bytes, long lastOffset, LogConfig cfg) {
    LogSegment active = segments.lastEntry().getValue();
    boolean full = active.size() > 0 && (long) active.size() + bytes > cfg.segmentBytes();
    boolean old = active.size() > 0 && clock.millis() - active.createdMs() >= cfg.segmentMs();
    boolean offsetsOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
    return full || old || offsetsOverflow ? roll() : active;
  }

  /** Closes the active segment to appends and starts a new one at the log end offset. */
  public LogSegment roll() {
    appendLock.lock();
    try {
      ensureOpen();
      LogSegment active = segments.lastEntry().getValue();
      if (active.size() == 0) {
        return active;
      }
      active.onRoll();
      LogSegment next = LogSegment.create(dir, nextOffset, "", config.indexIntervalBytes(), clock.millis());
      segments.put(nextOffset, next);
      return next;
    } finally {
      appendLock.unlock();
    }
  }

  /** Reads from {@code fetchOffset}; see {@link #read(long, int, long)}. */
  public LogReadResult read(long fetchOffset, int maxBytes) {
    return read(fetchOffset, maxBytes, Long.MAX_VALUE);
  }

  /**
   * The bytes to send from the batch that holds {@code fetchOffset}: at most {@code maxBytes} but at
   * least that whole batch, from one segment, and nothing at or past {@code upperBoundOffset} (the
   * high watermark for a consumer). Empty at the end of the log.
   *
   * @throws OffsetOutOfRangeException below the log start offset or past the log end offset
   */
  public LogReadResult read(long fetchOffset, int maxBytes, long upperBoundOffset) {
    long start = logStartOffset;
    long end = nextOffset;
    if (fetchOffset < start || fetchOffset > end) {
      throw new OffsetOutOfRangeException("offset " + fetchOffset + " is out of range for partition " + name
          + ": the log holds offsets " + start + " to " + (end - 1) + "; reset to the earliest or latest offset");
    }
    long bound = Math.min(upperBoundOffset, end);
    if (fetchOffset >= bound) {
      return new LogReadResult(Optional.empty(), start, end);
    }
    Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
    if (entry == null) {
      entry = segments.firstEntry(); // compaction removed the first segments: the gap reads as the next batch
    }
    while (entry != null) {
      LogSegment segment = entry.getValue();
      int maxPosition = segment.size();
      if (bound < segment.nextOffset()) {
        LogSegment.BatchPosition limit = segment.find(bound, maxPosition);
        maxPosition = limit == null ? maxPosition : limit.position();
      }
      FileSlice slice = segment.read(fetchOffset, maxBytes, maxPosition);
      if (slice != null) {
        return new LogReadResult(Optional.of(slice), start, end);
      }
      if (bound <= segment.nextOffset()) {
        break;
      }
      entry = segments.higherEntry(entry.getKey());
    }
    return new LogReadResult(Optional.empty(), start, end);
  }

  /**
   * ListOffsets: {@link TimestampOffset#EARLIEST}, {@link TimestampOffset#LATEST}, {@link
   * TimestampOffset#MAX_TIMESTAMP}, or the first offset whose record timestamp is at least {@code
   * timestamp}; empty when no record is that recent.
   */
  public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
    long start = logStartOffset;
    if (timestamp == TimestampOffset.EARLIEST) {
      return Optional.of(new TimestampOffset(-1, start));
    }
    if (timestamp == TimestampOffset.LATEST) {
      return Optional.of(new TimestampOffset(-1, nextOffset));
    }
    List<LogSegment> snapshot = new ArrayList<>(segments.values());
    if (timestamp == TimestampOffset.MAX_TIMESTAMP) {
      LogSegment best = null;
      for (LogSegment s : snapshot) {
        if (s.nextOffset() > start && (best == null || s.maxTimestamp() > best.maxTimestamp())) {
          best = s;
        }
      }
      return best == null ? Optional.empty() : Optional.ofNullable(best.findMaxTimestamp(start));
    }
    if (timestamp < 0) {
      throw new IllegalArgumentException("unsupported ListOffsets timestamp " + timestamp);
    }
    for (LogSegment s : snapshot) {
      if (s.nextOffset() <= start || s.maxTimestamp() < timestamp) {
        continue;
      }
      TimestampOffset found = s.findByTimestamp(timestamp, start);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** fsyncs everything appended so far and moves the recovery point to the log end offset. */
  public void flush() {
    synchronized (flushLock) {
      long upTo;
      List<LogSegment> toFlush;
      appendLock.lock();
      try {
        upTo = nextOffset;
        if (upTo == recoveryPoint && unflushedRecords == 0) {
          return;
        }
        Map.Entry<Long, LogSegment> from = segments.floorEntry(recoveryPoint);
        toFlush = new ArrayList<>(from == null ? segments.values() : segments.tailMap(from.getKey()).values());
        unflushedRecords = 0;
        firstUnflushedMs = -1;
      } finally {
        appendLock.unlock();
      }
      for (LogSegment s : toFlush) {
        s.flush();
      }
      recoveryPoint = Math.max(recoveryPoint, upTo);
      writeCheckpoint();
    }
  }

  /** Flushes when {@code flush.ms} has passed since the oldest unflushed append. */
  public void flushIfDue() {
    long since = firstUnflushedMs;
    if (since >= 0 && clock.millis() - since >= config.flushMs()) {
      flush();
    }
  }

  /**
   * Deletes whole segments past {@code retention.ms} or beyond {@code retention.bytes} (when the
   * cleanup policy includes delete) and the files of segments whose delete delay has passed.
   * Returns the number of segments deleted.
   */
  public int enforceRetention() {
    int deleted = 0;
    LogConfig cfg = config;
    if (cfg.deleteEnabled()) {
      appendLock.lock();
      try {
        ensureOpen();
        long now = clock.millis();
        List<LogSegment> doomed = new ArrayList<>();
        if (cfg.retentionMs() >= 0) {
          for (LogSegment s : segments.values()) {
            if (s.size() == 0 || segmentTime(s) >= now - cfg.retentionMs()) {
              break;
            }
            doomed.add(s);
          }
        }
        if (cfg.retentionBytes() >= 0) {
          long total = size();
          for (LogSegment s : doomed) {
            total -= s.size();
          }
          LogSegment active = segments.lastEntry().getValue();
          long after = doomed.isEmpty() ? Long.MIN_VALUE : doomed.get(doomed.size() - 1).baseOffset();
          for (LogSegment s : segments.tailMap(after, false).values()) {
            if (s == active || total - s.size() < cfg.retentionBytes()) {
              break;
            }
            doomed.add(s);
            total -= s.size();
          }
        }
        deleted = deleteSegments(doomed, "retention");
      } finally {
        appendLock.unlock();
      }
    }
    deletePendingFiles(false);
    return deleted;
  }

  private long segmentTime(LogSegment s) {
    return s.maxTimestamp() >= 0 ? s.maxTimestamp() : s.createdMs();
  }

  /** Called with the append lock held: removes the segments, rolling first when one is the active one. */
  private int deleteSegments(List<LogSegment> doomed, String reason) {
    if (doomed.isEmpty()) {
      return 0;
    }
    if (doomed.get(doomed.size() - 1) == segments.lastEntry().getValue()) {
      roll();
    }
    long now = clock.millis();
    for (LogSegment s : doomed) {
      segments.remove(s.baseOffset());
      s.renameTo(DELETED_SUFFIX);
      pendingDeletes.add(new PendingDelete(s, now + config.fileDeleteDelayMs()));
    }
    long newStart = Math.max(logStartOffset, segments.firstKey());
    LOG.info("{}: deleted {} segment(s) by {}; log start offset {} -> {}", name, doomed.size(), reason,
        logStartOffset, newStart);
    logStartOffset = newStart;
    writeCheckpoint();
    return doomed.size();
  }

  /**
   * DeleteRecords: makes {@code offset} the log start offset (it may not pass the log end offset)
   * and deletes the segments wholly below it. Returns the new log start offset.
   */
  public long deleteRecordsBefore(long offset) {
    appendLock.lock();
    try {
      ensureOpen();
      if (offset > nextOffset) {
        throw new OffsetOutOfRangeException("cannot delete records of " + name + " before offset " + offset
            + ": the log ends at " + nextOffset);
      }
      if (offset <= logStartOffset) {
        return logStartOffset;
      }
      List<LogSegment> doomed = new ArrayList<>();
      for (Map.Entry<Long, LogSegment> e : segments.entrySet()) {
        Long nextBase = segments.higherKey(e.getKey());
        if (nextBase != null && nextBase <= offset) {
          doomed.add(e.getValue());
        }
      }
      logStartOffset = offset;
      if (deleteSegments(doomed, "DeleteRecords") == 0) {
        writeCheckpoint();
      }
      return logStartOffset;
    } finally {
      appendLock.unlock();
    }
  }

  // ---- compaction support (LogCleaner) ----

  /** The segments closed to appends, oldest first. */
  List<LogSegment> closedSegments() {
    List<LogSegment> all = new ArrayList<>(segments.values());
    return all.isEmpty() ? all : all.subList(0, all.size() - 1);
  }

  long cleanerOffset() {
    return cleanerOffset;
  }

  void cleanerOffset(long offset) {
    cleanerOffset = offset;
    writeCheckpoint();
  }

  /** Bytes of closed segments not yet cleaned over all closed bytes, from 0 to 1. */
  public double dirtyRatio() {
    long dirty = 0;
    long total = 0;
    for (LogSegment s : closedSegments()) {
      total += s.size();
      if (s.baseOffset() >= cleanerOffset) {
        dirty += s.size();
      }
    }
    return total == 0 ? 0 : (double) dirty / total;
  }

  LogSegment createCleanedSegment(long baseOffset) {
    return LogSegment.create(dir, baseOffset, CLEANED_SUFFIX, config.indexIntervalBytes(), clock.millis());
  }

  InstantSource clock() {
    return clock;
  }

  /**
   * Puts a cleaned segment in place of {@code old} (null cleaned: drop {@code old}, it kept nothing).
   * Crash-safe: the cleaned file is fsynced and renamed to .swap (from then on recovery finishes the
   * swap) before the old file is renamed away. Returns false when {@code old} is gone meanwhile.
   */
  boolean swapIn(LogSegment old, LogSegment cleaned) {
    if (cleaned != null) {
      cleaned.onRoll();
      cleaned.flush();
    }
    appendLock.lock();
    try {
      if (closed || segments.get(old.baseOffset()) != old || old == segments.lastEntry().getValue()) {
        return false;
      }
      long now = clock.millis();
      if (cleaned != null) {
        cleaned.renameTo(SWAP_SUFFIX);
        old.renameTo(DELETED_SUFFIX);
        cleaned.renameTo("");
        segments.put(old.baseOffset(), cleaned);
      } else {
        old.renameTo(DELETED_SUFFIX);
        segments.remove(old.baseOffset());
      }
      pendingDeletes.add(new PendingDelete(old, now + config.fileDeleteDelayMs()));
      return true;
    } finally {
      appendLock.unlock();
    }
  }

  private void deletePendingFiles(boolean all) {
    long now = clock.millis();
    List<PendingDelete> due = new ArrayList<>();
    synchronized (pendingDeletes) {
      pendingDeletes.removeIf(p -> {
        if (all || p.deleteAtMs() <= now) {
          due.add(p);
          return true;
        }
        return false;
      });
    }
    for (PendingDelete p : due) {
      p.segment().closeAndDelete();
    }
  }

  private void writeCheckpoint() {
    new LogCheckpoint(recoveryPoint, logStartOffset, cleanerOffset).write(dir);
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("partition log " + name + " is closed");
    }
  }

  /** Flushes, checkpoints and closes every file. A clean close leaves nothing to recover. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush();
    appendLock.lock();
    try {
      closed = true;
      producers.writeSnapshot(dir, nextOffset);
      for (LogSegment s : segments.values()) {
        s.close();
      }
    } finally {
      appendLock.unlock();
    }
    deletePendingFiles(true);
  }

  /** Closes the log and deletes its directory. */
  public void closeAndDelete() {
    appendLock.lock();
    try {
      closed = true;
      for (LogSegment s : segments.values()) {
        s.close();
      }
      segments.clear();
    } finally {
      appendLock.unlock();
    }
    deletePendingFiles(true);
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete log directory " + dir, e);
    }
  }

  /** Segment base offsets to sizes, for tools and tests. */
  public Map<Long, Integer> segmentSizes() {
    Map<Long, Integer> sizes = new TreeMap<>();
    for (LogSegment s : segments.values()) {
      sizes.put(s.baseOffset(), s.size());
    }
    return sizes;
  }

  @Override
  public String toString() {
    return "PartitionLog(" + name + ", start=" + logStartOffset + ", end=" + nextOffset + ", segments="
        + segments.size() + ")";
  }
}
