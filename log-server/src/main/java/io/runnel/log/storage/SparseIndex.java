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
 * <p>Entries are kept in memory too, so lookups never touch the disk. Not thread-safe: appends and
 * truncation are made under the partition's append lock; lookups from readers see a consistent
 * prefix because {@code entries} is published last.
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
  private FileChannel channel;
  private long[] keys = new long[16];
  private int[] values = new int[16];
  private volatile int entries;
  /** Entries below this are in the file; the rest only in memory until {@link #flush}. */
  private int written;
  private boolean missing;

  private SparseIndex(Layout layout, Path file, FileChannel channel) {
    this.layout = layout;
    this.file = file;
    this.channel = channel;
  }

  /** Opens {@code file}, creating it when missing, and loads the entries it holds. */
  static SparseIndex open(Layout layout, Path file) {
    try {
      boolean existed = Files.exists(file);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      SparseIndex index = new SparseIndex(layout, file, channel);
      index.missing = !existed;
      index.load();
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open index " + file, e);
    }
  }

  private void load() throws IOException {
    long size = channel.size();
    if (size % layout.entrySize() != 0 || size / layout.entrySize() > Integer.MAX_VALUE / 2) {
      keys = null; // torn or absurd: isSane() reports it and the owner rebuilds
      return;
    }
    int count = (int) (size / layout.entrySize());
    if (count == 0) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate(count * layout.entrySize());
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
      // read all of it
    }
    buffer.flip();
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
   * True when the loaded entries can be trusted: whole entries, increasing keys, and (for the offset
   * index) positions inside a log of {@code logSize} bytes.
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

  /** Appends an entry; its key must be larger than the last one's. */
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
    // No write here: the file is a hint, written on flush; after a crash the segments past the
    // recovery point are rebuilt from the log anyway. This keeps appends at one syscall.
    entries = n + 1;
  }

  /** Writes the entries not yet in the file. */
  private void writePending() {
    int n = entries;
    if (written >= n) {
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
    try {
      long at = (long) written * layout.entrySize();
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write index " + file, e);
    }
    written = n;
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
    missing = false;
    entries = 0;
    written = 0;
    keys = new long[16];
    values = new int[16];
    try {
      channel.truncate(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate index " + file, e);
    }
  }

  /** Drops the entries whose key is at least {@code key}. */
  void truncateFrom(long key) {
    int keep = floor(key - 1) + 1;
    entries = keep;
    written = Math.min(written, keep);
    try {
      channel.truncate((long) keep * layout.entrySize());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate index " + file, e);
    }
  }

  void flush() {
    writePending();
    try {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush index " + file, e);
    }
  }

  void renameTo(Path target) {
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      file = target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename index " + file + " to " + target, e);
    }
  }

  Path file() {
    return file;
  }

  void close() {
    try {
      if (channel.isOpen()) {
        writePending();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close index " + file, e);
    }
  }
}
