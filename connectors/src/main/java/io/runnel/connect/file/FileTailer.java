package io.runnel.connect.file;

import io.runnel.connect.ConnectException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * Follows one path the way {@code tail -F} does, line by line, by byte position.
 *
 * <ul>
 *   <li>Only complete lines (ended by {@code \n}; a trailing {@code \r} is dropped) are returned; a
 *       partial last line waits for its newline.
 *   <li><b>Rotation</b>: when the path names a different file (another inode) than the one open,
 *       the open file is read to its end first (its partial last line included), then the new file
 *       is read from its start. A path that disappears is treated the same way.
 *   <li><b>Truncation</b>: when the file is shorter than the position read so far, it is read again
 *       from its start.
 * </ul>
 *
 * <p>The position after a line is its offset: {@code {"position": <bytes>, "inode": <file id>}}. A
 * stored offset is used only if it names the file now at the path; otherwise reading starts at 0.
 *
 * <p>Not thread-safe: owned by one {@link FileSourceTask}.
 */
final class FileTailer implements AutoCloseable {
  static final String POSITION = "position";
  static final String INODE = "inode";
  private static final int MAX_LINE_BYTES = 1 << 20;

  /** One line read, and the offset after it. */
  record Line(String text, long position, String inode) {
    Map<String, Object> offset() {
      return Map.of(POSITION, position, INODE, inode);
    }
  }

  private final Path path;
  private Map<String, Object> storedOffset;
  private FileChannel channel;
  private String inode;
  private long position;
  private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

  /** Follows {@code path}, resuming from {@code storedOffset} if it names the same file. */
  FileTailer(Path path, Map<String, Object> storedOffset) {
    this.path = path;
    this.storedOffset = storedOffset;
  }

  Path path() {
    return path;
  }

  /**
   * Appends up to {@code max} new lines to {@code out}.
   *
   * @return true if the path no longer exists and its last file was read to the end: the tailer is
   *     done
   * @throws ConnectException naming the file if it cannot be read
   */
  boolean read(int max, List<Line> out) {
    try {
      String current = inodeOf(path);
      if (channel == null) {
        if (current == null) {
          return true;
        }
        open(current);
      }
      if (!inode.equals(current)) {
        int before = out.size();
        readLines(max, out);
        if (out.size() - before == max) {
          return false; // the old file has more; finish it on the next poll
        }
        readPartialTail(out);
        channel.close();
        channel = null;
        if (current == null) {
          return true;
        }
        open(current);
        storedOffset = null;
        max -= out.size() - before;
      } else if (channel.size() < position) {
        position = 0;
      }
      readLines(max, out);
      return false;
    } catch (IOException e) {
      throw new ConnectException("cannot read file " + path + " at byte " + position, e);
    }
  }

  private void open(String fileInode) throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.READ);
    inode = fileInode;
    position = 0;
    if (storedOffset != null && fileInode.equals(storedOffset.get(INODE))) {
      long stored = ((Number) storedOffset.get(POSITION)).longValue();
      position = stored <= channel.size() ? stored : 0;
    }
    storedOffset = null;
  }

  private void readLines(int max, List<Line> out) throws IOException {
    int taken = 0;
    while (taken < max) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n <= 0) {
        return;
      }
      byte[] bytes = buffer.array();
      int start = 0;
      for (int i = 0; i < n && taken < max; i++) {
        if (bytes[i] == '\n') {
          out.add(line(bytes, start, i, position + i + 1));
          start = i + 1;
          taken++;
        }
      }
      if (start == 0) {
        if (n < buffer.capacity()) {
          return; // a partial line: wait for its newline
        }
        if (buffer.capacity() < MAX_LINE_BYTES) {
          buffer = ByteBuffer.allocate(buffer.capacity() * 2);
          continue;
        }
        // A line longer than MAX_LINE_BYTES is cut into pieces rather than never read.
        out.add(line(bytes, 0, n, position + n));
        start = n;
        taken++;
      }
      position += start;
    }
  }

  private void readPartialTail(List<Line> out) throws IOException {
    long size = channel.size();
    if (size <= position) {
      return;
    }
    ByteBuffer rest = ByteBuffer.allocate((int) Math.min(size - position, MAX_LINE_BYTES));
    int n = channel.read(rest, position);
    if (n > 0) {
      out.add(line(rest.array(), 0, n, position + n));
      position += n;
    }
  }

  private Line line(byte[] bytes, int from, int to, long after) {
    int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
    return new Line(new String(bytes, from, end - from, StandardCharsets.UTF_8), after, inode);
  }

  /** The identity of the file at {@code path} (its inode where the platform has one), or null. */
  static String inodeOf(Path path) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return key != null ? key.toString() : "created:" + attributes.creationTime().toMillis();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a read-only channel loses nothing.
      }
      channel = null;
    }
  }
}
