package io.runnel.log.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A segment's sparse index file: fixed-size big-endian entries sorted by key, appended as the
 * segment grows. Two layouts share this code:
 *
 * <pre>
 *   .index      8 bytes an entry:  relativeOffset int32 | position int32
 *               key: offset - segment baseOffset of a batch; value: its byte position in .log
 *   .timeindex 12 bytes an entry:  timestamp int64 | relativeOffset int32
 *               every record before that batch offset has a timestamp at most this one
 * </pre>
 *
 * <p>Recovery rule: an index is only a hint. A file whose size is not a whole number of entries,
 * whose keys do not increase, or (offset index) whose positions pass the log's size is discarded and
 * rebuilt by scanning the segment; segments after the recovery point are always rebuilt.
 *
 * <p>Entries live in memory, so lookups never touch the disk, and the file is opened only to load it
 * and to write new entries on flush and close: an index holds no file descriptor. Not thread-safe:
 * appends and truncation are made under the partition's append lock; lookups from readers see a
 * consistent prefix because {@code entries} is published last.
 */
final class SparseIndex {
  enum Layout {
    OFFSET(4),
    TIME(8);

    final int keyBytes;

    Layout(int keyBytes) {
      this.keyBytes = keyBytes;
    }

    int entrySize() {
      return keyBytes + 4;
    }
  }

  private final Layout layout;
  private Path file;
  private long[] keys = new long[16];
  private int[] values = new int[16];
  private volatile int entries;
  /** Entries below this are in the file; the rest only in memory until {@link #flush} or close. */
  private int written;
  private boolean missing;

  private SparseIndex(Layout layout, Path file) {
    this.layout = layout;
    this.file = file;
  }

  /** Loads {@code file}; a missing file is an empty index that {@link #isSane} reports for a non-empty log. */
  static SparseIndex open(Layout layout, Path file) {
    SparseIndex index = new SparseIndex(layout, file);
    index.missing = !Files.exists(file);
    if (!index.missing) {
      try {
        index.load(ByteBuffer.wrap(Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read index " + file, e);
      }
    }
    return index;
  }

  private void load(ByteBuffer buffer) {
    int size = buffer.remaining();
    if (size % layout.entrySize() != 0) {
      keys = null; // torn: isSane() reports it and the owner rebuilds
      return;
    }
    int count = size / layout.entrySize();
    keys = new long[Math.max(16, count)];
    values = new int[Math.max(16, count)];
    for (int i = 0; i < count; i++) {
      keys[i] = layout == Layout.OFFSET ? buffer.getInt() : buffer.getLong();
      values[i] = buffer.getInt();
    }
    entries = count;
    written = count;
  }

  /**
   * True when the loaded entries can be trusted: the file was there, whole entries, increasing keys,
   * and (for the offset index) positions inside a log of {@code logSize} bytes.
   */
  boolean isSane(long logSize) {
    if (keys == null || (missing && logSize > 0)) {
      return false;
    }
    for (int i = 0; i < entries; i++) {
      if (i > 0 && keys[i] <= keys[i - 1]) {
        return false;
      }
      if (layout == Layout.OFFSET && (values[i] < 0 || values[i] >= logSize || keys[i] < 0)) {
        return false;
      }
      if (layout == Layout.TIME && values[i] < 0) {
        return false;
      }
    }
    return true;
  }

  int entries() {
    return entries;
  }

  long lastKey() {
    return entries == 0 ? -1 : keys[entries - 1];
  }

  int lastValue() {
    return entries == 0 ? -1 : values[entries - 1];
  }

  /** Appends an entry in memory; its key must be larger than the last one's. */
  void append(long key, int value) {
    int n = entries;
    if (n > 0 && key <= keys[n - 1]) {
      throw new IllegalStateException("index " + file + ": key " + key + " does not follow " + keys[n - 1]);
    }
    if (n == keys.length) {
      keys = Arrays.copyOf(keys, n * 2);
      values = Arrays.copyOf(values, n * 2);
    }
    keys[n] = key;
    values[n] = value;
    // No write here: the file is a hint, written on flush and close; after a crash the segments
    // past the recovery point are rebuilt from the log anyway. Appends stay one syscall.
    entries = n + 1;
  }

  /** Writes the entries not yet in the file, creating it when missing. */
  private void writePending(boolean force) {
    int n = entries;
    if (written >= n && !missing && !force) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate((n - written) * layout.entrySize());
    for (int i = written; i < n; i++) {
      if (layout == Layout.OFFSET) {
        buffer.putInt((int) keys[i]);
      } else {
        buffer.putLong(keys[i]);
      }
      buffer.putInt(values[i]);
    }
    buffer.flip();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long at = (long) written * layout.entrySize();
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      if (force) {
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write index " + file, e);
    }
    written = n;
    missing = false;
  }

  /** The index of the last entry whose key is at most {@code key}, or -1. */
  int floor(long key) {
    int lo = 0;
    int hi = entries - 1;
    long[] k = keys;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (k[mid] <= key) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  long keyAt(int i) {
    return keys[i];
  }

  int valueAt(int i) {
    return values[i];
  }

  /** Drops every entry and empties the file, before a rebuild. */
  void clear() {
    entries = 0;
    written = 0;
    keys = new long[16];
    values = new int[16];
    resize(0);
    missing = false;
  }

  /** Drops the entries whose key is at least {@code key}. */
  void truncateFrom(long key) {
    int keep = floor(key - 1) + 1;
    entries = keep;
    written = Math.min(written, keep);
    resize((long) written * layout.entrySize());
  }

  private void resize(long size) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate index " + file, e);
    }
  }

  /** Writes the new entries and fsyncs the file. */
  void flush() {
    writePending(true);
  }

  void renameTo(Path target) {
    try {
      if (Files.exists(file)) {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      file = target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename index " + file + " to " + target, e);
    }
  }

  Path file() {
    return file;
  }

  /** Writes the new entries without fsync: after a crash the index is rebuilt if it is short. */
  void close() {
    if (Files.isDirectory(file.getParent())) {
      writePending(false);
    }
  }
}
