package io.runnel.connect.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one path the way {@code tail -F} does, line by line or JSON object by JSON object, by
 * byte position.
 *
 * <ul>
 *   <li>Lines: only complete lines (ended by {@code \n}; a trailing {@code \r} is dropped) are
 *       returned, as strings; a partial last line waits for its newline.
 *   <li>JSON: only complete top-level objects ({@link JsonObjectScanner}; they may span lines) are
 *       returned, parsed into maps; a partial last object waits for more bytes. A malformed object
 *       (its braces balance but it does not parse), bytes between objects that are not whitespace,
 *       an object longer than 1 MiB and the partial last object of a rotated file are skipped,
 *       each with one WARN line naming the file and the byte offset where the skipped bytes
 *       start.
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

  /** One line (a String) or JSON object (a Map) read, and the offset after it. */
  record Entry(Object value, long position, String inode) {
    Map<String, Object> offset() {
      return Map.of(POSITION, position, INODE, inode);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final boolean json;
  private Map<String, Object> storedOffset;
  private FileChannel channel;
  private String inode;
  private long position;
  private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

  /**
   * Follows {@code path}, resuming from {@code storedOffset} if it names the same file.
   *
   * @param json true for one entry per JSON object, false for one per line
   */
  FileTailer(Path path, Map<String, Object> storedOffset, boolean json) {
    this.path = path;
    this.json = json;
    this.storedOffset = storedOffset;
  }

  Path path() {
    return path;
  }

  /**
   * Appends up to {@code max} new lines or objects to {@code out}.
   *
   * @return true if the path no longer exists and its last file was read to the end: the tailer is
   *     done
   * @throws ConnectException naming the file if it cannot be read
   */
  boolean read(int max, List<Entry> out) {
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
        readEntries(max, out);
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
      readEntries(max, out);
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

  private void readEntries(int max, List<Entry> out) throws IOException {
    if (json) {
      readObjects(max, out);
    } else {
      readLines(max, out);
    }
  }

  private void readObjects(int max, List<Entry> out) throws IOException {
    int taken = 0;
    while (taken < max) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n <= 0) {
        return;
      }
      byte[] bytes = buffer.array();
      int start = 0;
      while (start < n && taken < max) {
        JsonObjectScanner.Span span = JsonObjectScanner.scan(bytes, start, n);
        if (span == null) {
          break; // a partial object, or garbage not ended yet
        }
        if (span.kind() == JsonObjectScanner.Kind.OBJECT) {
          Object value = parse(bytes, start, span.end());
          if (value != null) {
            out.add(new Entry(value, position + span.end(), inode));
            taken++;
          }
        } else if (span.kind() == JsonObjectScanner.Kind.GARBAGE) {
          skipped(position + start, span.end() - start, "not a JSON object");
        }
        start = span.end();
      }
      if (start == 0) {
        if (n < buffer.capacity()) {
          return; // a partial object: wait for the rest
        }
        if (buffer.capacity() < MAX_LINE_BYTES) {
          buffer = ByteBuffer.allocate(buffer.capacity() * 2);
          continue;
        }
        // Never closed within 1 MiB: skip it rather than stop reading the file; reading resumes
        // at the next '{', which may be inside the skipped object.
        skipped(position, n, "an object longer than " + MAX_LINE_BYTES + " bytes, or never closed");
        start = n;
      }
      position += start;
    }
  }

  private Object parse(byte[] bytes, int from, int to) {
    try {
      return JSON.readValue(bytes, from, to - from, LinkedHashMap.class);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException
          ? ((JsonProcessingException) e).getOriginalMessage()
          : e.getMessage();
      skipped(position + from, to - from, "malformed JSON: " + why);
      return null;
    }
  }

  private void skipped(long at, int length, String why) {
    LOG.warn("file-source: skipped {} bytes of {} at byte {}: {}", length, path, at, why);
  }

  private void readLines(int max, List<Entry> out) throws IOException {
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

  private void readPartialTail(List<Entry> out) throws IOException {
    long size = channel.size();
    if (size <= position) {
      return;
    }
    ByteBuffer rest = ByteBuffer.allocate((int) Math.min(size - position, MAX_LINE_BYTES));
    int n = channel.read(rest, position);
    if (n > 0 && json) {
      byte[] bytes = rest.array();
      for (int i = 0; i < n; i++) {
        if (!Character.isWhitespace(bytes[i])) {
          skipped(position, n, "a partial JSON object at the end of a rotated or deleted file");
          break;
        }
      }
      position += n;
    } else if (n > 0) {
      out.add(line(rest.array(), 0, n, position + n));
      position += n;
    }
  }

  private Entry line(byte[] bytes, int from, int to, long after) {
    int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
    return new Entry(new String(bytes, from, end - from, StandardCharsets.UTF_8), after, inode);
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
