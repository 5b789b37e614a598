package io.runnel.log.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment of a partition log: {@code <20-digit baseOffset>.log} holding whole v2 batches back to
 * back, with its sparse {@code .index} and {@code .timeindex} ({@link SparseIndex}).
 *
 * <p>Recovery rule: a segment after the recovery point is scanned batch by batch; the first batch
 * that is short, has a bad size, magic or CRC, or does not follow the previous batch's offsets ends
 * the segment, and the file is truncated there. Its indexes are rebuilt by the same scan.
 *
 * <p>Threading: appends, rolls, recovery and truncation run under the owning {@link PartitionLog}'s
 * append lock. Reads run concurrently from any thread and see the bytes up to the volatile {@code
 * size}, which is published after the write completes.
 */
final class LogSegment {
  static final String LOG_SUFFIX = ".log";
  static final String INDEX_SUFFIX = ".index";
  static final String TIME_INDEX_SUFFIX = ".timeindex";

  private final Path dir;
  private final long baseOffset;
  private final int indexIntervalBytes;
  private Path logFile;
  private final FileChannel channel;
  private final SparseIndex offsetIndex;
  private final SparseIndex timeIndex;
  private volatile int size;
  private volatile long nextOffset;
  private volatile long maxTimestamp = -1;
  private long createdMs;
  private int bytesSinceLastIndexEntry;

  private LogSegment(Path dir, long baseOffset, String suffix, int indexIntervalBytes, long createdMs,
      boolean create) {
    this.dir = dir;
    this.baseOffset = baseOffset;
    this.indexIntervalBytes = indexIntervalBytes;
    this.createdMs = createdMs;
    this.nextOffset = baseOffset;
    this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX) + suffix);
    try {
      this.channel = create
          ? FileChannel.open(logFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
          : FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
      this.size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open segment " + logFile, e);
    }
    this.offsetIndex = SparseIndex.open(SparseIndex.Layout.OFFSET,
        dir.resolve(fileName(baseOffset, INDEX_SUFFIX) + suffix));
    this.timeIndex = SparseIndex.open(SparseIndex.Layout.TIME,
        dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX) + suffix));
  }

  /** A new, empty segment file. {@code suffix} is "" for a live segment, ".cleaned" for the cleaner. */
  static LogSegment create(Path dir, long baseOffset, String suffix, int indexIntervalBytes, long nowMs) {
    return new LogSegment(dir, baseOffset, suffix, indexIntervalBytes, nowMs, true);
  }

  /** An existing segment, not yet loaded: call {@link #recover} or {@link #loadTrusted} next. */
  static LogSegment open(Path dir, long baseOffset, int indexIntervalBytes, long nowMs) {
    return new LogSegment(dir, baseOffset, "", indexIntervalBytes, nowMs, false);
  }

  static String fileName(long baseOffset, String suffix) {
    return String.format("%020d", baseOffset) + suffix;
  }

  long baseOffset() {
    return baseOffset;
  }

  /** One past the last offset held; the base offset when empty. */
  long nextOffset() {
    return nextOffset;
  }

  int size() {
    return size;
  }

  long maxTimestamp() {
    return maxTimestamp;
  }

  /** The time this segment's age is measured from, for {@code segment.ms}. */
  long createdMs() {
    return createdMs;
  }

  FileChannel channel() {
    return channel;
  }

  Path logFile() {
    return logFile;
  }

  /**
   * Appends batches whose offsets are already assigned; {@code batches} are views of {@code
   * records}, in order.
   */
  void append(ByteBuffer records, List<RecordBatch> batches) {
    int position = size;
    for (RecordBatch batch : batches) {
      indexBatch(batch.baseOffset(), position + batch.start() - records.position(), batch.sizeInBytes(),
          batch.maxTimestamp());
    }
    ByteBuffer view = records.duplicate();
    long at = position;
    try {
      while (view.hasRemaining()) {
        at += channel.write(view, at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to segment " + logFile, e);
    }
    nextOffset = batches.get(batches.size() - 1).nextOffset();
    size = (int) at;
  }

  /** Adds index entries for a batch about to sit at {@code position}: one code path for append and recovery. */
  private void indexBatch(long batchBaseOffset, int position, int batchSize, long batchMaxTimestamp) {
    if (bytesSinceLastIndexEntry > indexIntervalBytes) {
      long relative = batchBaseOffset - baseOffset;
      offsetIndex.append(relative, position);
      if (maxTimestamp > timeIndex.lastKey()) {
        timeIndex.append(maxTimestamp, (int) relative);
      }
      bytesSinceLastIndexEntry = 0;
    }
    bytesSinceLastIndexEntry += batchSize;
    if (batchMaxTimestamp > maxTimestamp) {
      maxTimestamp = batchMaxTimestamp;
    }
  }

  /**
   * Scans the whole file, validating every batch, rebuilding both indexes and truncating the file at
   * the first bad batch. Returns the number of bytes truncated.
   */
  int recover() {
    offsetIndex.clear();
    timeIndex.clear();
    bytesSinceLastIndexEntry = 0;
    maxTimestamp = -1;
    nextOffset = baseOffset;
    long fileSize;
    try {
      fileSize = channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read segment " + logFile, e);
    }
    int position = 0;
    ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    ByteBuffer batchBuffer = ByteBuffer.allocate(64 * 1024);
    boolean first = true;
    while (position + RecordBatch.HEADER_SIZE <= fileSize) {
      readAt(header.clear(), position);
      RecordBatch h = new RecordBatch(header, 0);
      int batchSize = RecordBatch.LOG_OVERHEAD + h.batchLength();
      if (h.batchLength() < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD
          || position + (long) batchSize > fileSize
          || h.magic() != RecordBatch.CURRENT_MAGIC
          || h.baseOffset() < nextOffset
          || h.lastOffsetDelta() < 0
          || h.lastOffset() - baseOffset > Integer.MAX_VALUE) {
        break;
      }
      if (batchBuffer.capacity() < batchSize) {
        batchBuffer = ByteBuffer.allocate(Math.max(batchSize, batchBuffer.capacity() * 2));
      }
      batchBuffer.clear().limit(batchSize);
      readAt(batchBuffer, position);
      RecordBatch batch = new RecordBatch(batchBuffer, 0);
      if (!batch.isCrcValid()) {
        break;
      }
      if (first) {
        createdMs = batch.baseTimestamp() > 0 ? batch.baseTimestamp() : createdMs;
        first = false;
      }
      indexBatch(batch.baseOffset(), position, batchSize, batch.maxTimestamp());
      nextOffset = batch.nextOffset();
      position += batchSize;
    }
    int truncated = (int) (fileSize - position);
    if (truncated > 0) {
      truncateFile(position);
    }
    size = position;
    return truncated;
  }

  /**
   * Loads a segment without validating its batches: trusts the indexes when they are sane and reads
   * the batch headers after the last index entry for the next offset and the largest timestamp.
   * Returns false, leaving the segment to {@link #recover}, when the indexes or the tail headers do
   * not add up to the file's size.
   */
  boolean loadTrusted(boolean verifyEveryIndexEntry) {
    if (!offsetIndex.isSane(size) || !timeIndex.isSane(size)) {
      return false;
    }
    // An entry must point at the header of the batch it names. Checking them all costs a read each,
    // so only the active segment, the one most likely damaged, gets it; others check the last.
    int n = offsetIndex.entries();
    ByteBuffer check = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    for (int i = verifyEveryIndexEntry ? 0 : Math.max(0, n - 1); i < n; i++) {
      readAt(check.clear(), offsetIndex.valueAt(i));
      RecordBatch h = new RecordBatch(check, 0);
      if (check.remaining() < RecordBatch.HEADER_SIZE || h.magic() != RecordBatch.CURRENT_MAGIC
          || h.baseOffset() != baseOffset + offsetIndex.keyAt(i)) {
        return false;
      }
    }
    int position = offsetIndex.entries() == 0 ? 0 : offsetIndex.lastValue();
    maxTimestamp = Math.max(timeIndex.lastKey(), -1);
    nextOffset = baseOffset;
    ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    boolean first = position == 0;
    bytesSinceLastIndexEntry = 0;
    while (position < size) {
      if (position + RecordBatch.HEADER_SIZE > size) {
        return false;
      }
      readAt(header.clear(), position);
      RecordBatch h = new RecordBatch(header, 0);
      int batchSize = RecordBatch.LOG_OVERHEAD + h.batchLength();
      if (h.batchLength() < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD || position + (long) batchSize > size
          || h.magic() != RecordBatch.CURRENT_MAGIC || h.baseOffset() < nextOffset) {
        return false;
      }
      if (first) {
        createdMs = h.baseTimestamp() > 0 ? h.baseTimestamp() : createdMs;
        first = false;
      }
      if (h.maxTimestamp() > maxTimestamp) {
        maxTimestamp = h.maxTimestamp();
      }
      nextOffset = h.nextOffset();
      bytesSinceLastIndexEntry += batchSize;
      position += batchSize;
    }
    return timeIndex.entries() == 0 || timeIndex.lastValue() <= nextOffset - baseOffset;
  }

  /** The batch holding {@code offset}, or the first after it; null when none is in this segment. */
  BatchPosition find(long offset, int maxPosition) {
    int i = offsetIndex.floor(offset - baseOffset);
    int position = i < 0 ? 0 : offsetIndex.valueAt(i);
    ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    while (position + RecordBatch.HEADER_SIZE <= maxPosition) {
      readAt(header.clear(), position);
      RecordBatch h = new RecordBatch(header, 0);
      int batchSize = RecordBatch.LOG_OVERHEAD + h.batchLength();
      if (batchSize < RecordBatch.HEADER_SIZE) {
        throw new StorageException("segment " + logFile + " holds a bad batch at position " + position
            + "; restart the server to recover the log");
      }
      if (h.lastOffset() >= offset) {
        return new BatchPosition(position, batchSize, h.baseOffset(), h.lastOffset(), h.maxTimestamp());
      }
      position += batchSize;
    }
    return null;
  }

  /** A batch's place in the file. */
  record BatchPosition(int position, int size, long baseOffset, long lastOffset, long maxTimestamp) {}

  /**
   * The bytes from the batch holding {@code offset} up to {@code maxBytes} (at least that whole
   * batch) and not past {@code maxPosition}; null when no batch at or after {@code offset} is below
   * {@code maxPosition}.
   */
  FileSlice read(long offset, int maxBytes, int maxPosition) {
    BatchPosition start = find(offset, maxPosition);
    if (start == null) {
      return null;
    }
    int length = Math.min(maxPosition - start.position(), Math.max(maxBytes, start.size()));
    return new FileSlice(channel, start.position(), length);
  }

  /** The first record at or after {@code minOffset} with a timestamp at least {@code timestamp}. */
  TimestampOffset findByTimestamp(long timestamp, long minOffset) {
    if (maxTimestamp < timestamp) {
      return null;
    }
    int t = lowerTimeEntry(timestamp);
    long from = Math.max(minOffset, t < 0 ? baseOffset : baseOffset + timeIndex.valueAt(t));
    int limit = size;
    BatchPosition at = find(from, limit);
    while (at != null) {
      if (at.maxTimestamp() >= timestamp) {
        RecordBatch batch = readBatch(at);
        for (RecordIterator it = batch.records(); it.hasNext(); ) {
          Record r = it.next();
          if (r.offset() >= minOffset && r.timestamp() >= timestamp) {
            return new TimestampOffset(r.timestamp(), r.offset());
          }
        }
      }
      at = find(at.lastOffset() + 1, limit);
    }
    return null;
  }

  /** The offset of the first record carrying this segment's largest timestamp. */
  TimestampOffset findMaxTimestamp(long minOffset) {
    return maxTimestamp < 0 ? null : findByTimestamp(maxTimestamp, minOffset);
  }

  private int lowerTimeEntry(long timestamp) {
    return timeIndex.floor(timestamp - 1);
  }

  /** Reads the header of a batch (its records are not there). */
  RecordBatch readHeader(BatchPosition at) {
    ByteBuffer buffer = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    readAt(buffer, at.position());
    return new RecordBatch(buffer, 0);
  }

  /** Reads one whole batch into the heap. */
  RecordBatch readBatch(BatchPosition at) {
    ByteBuffer buffer = ByteBuffer.allocate(at.size());
    readAt(buffer, at.position());
    return new RecordBatch(buffer, 0);
  }

  private void readAt(ByteBuffer buffer, long position) {
    try {
      long at = position;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, at);
        if (n < 0) {
          break;
        }
        at += n;
      }
      buffer.flip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read segment " + logFile, e);
    }
  }

  /** Marks the end of appends: records the segment's largest timestamp in its time index. */
  void onRoll() {
    if (maxTimestamp > timeIndex.lastKey()) {
      timeIndex.append(maxTimestamp, (int) (nextOffset - baseOffset));
    }
  }

  /**
   * Cuts the file at the batch holding {@code offset} (or the first after it) and rebuilds the
   * indexes by scanning what is left.
   */
  void truncateTo(long offset) {
    BatchPosition at = find(offset, size);
    if (at == null) {
      return;
    }
    truncateFile(at.position());
    offsetIndex.clear();
    timeIndex.clear();
    recover();
  }

  private void truncateFile(int position) {
    try {
      channel.truncate(position);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate segment " + logFile, e);
    }
  }

  void flush() {
    try {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush segment " + logFile, e);
    }
    offsetIndex.flush();
    timeIndex.flush();
  }

  /** Renames the three files by appending {@code suffix} (e.g. ".deleted"), or by removing it with "". */
  void renameTo(String suffix) {
    Path target = dir.resolve(fileName(baseOffset, LOG_SUFFIX) + suffix);
    try {
      // A pending .deleted file of the same name is doomed too: replacing it is fine.
      Files.move(logFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename segment " + logFile + " to " + target, e);
    }
    logFile = target;
    offsetIndex.renameTo(dir.resolve(fileName(baseOffset, INDEX_SUFFIX) + suffix));
    timeIndex.renameTo(dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX) + suffix));
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close segment " + logFile, e);
    }
    offsetIndex.close();
    timeIndex.close();
  }

  /** Closes the segment and deletes its three files. */
  void closeAndDelete() {
    close();
    try {
      Files.deleteIfExists(logFile);
      Files.deleteIfExists(offsetIndex.file());
      Files.deleteIfExists(timeIndex.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete segment " + logFile, e);
    }
  }

  @Override
  public String toString() {
    return "LogSegment(" + logFile.getFileName() + ", size=" + size + ", next=" + nextOffset + ")";
  }
}
