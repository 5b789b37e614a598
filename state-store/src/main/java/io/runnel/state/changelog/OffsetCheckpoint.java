package io.runnel.state.changelog;

import io.runnel.state.StateStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The checkpoint file of a task directory: for each store, the last changelog offset whose change
 * is durable in the store. Restore starts after it; a clean restart restores nothing.
 *
 * <p>Layout (UTF-8 text, one item per line):
 *
 * <pre>
 * 0               format version
 * 2               number of entries
 * clicks 1000     store name, one space, offset
 * counts 41
 * </pre>
 *
 * <p>Writes go to {@code .checkpoint.tmp}, which is fsynced, renamed over {@code .checkpoint}
 * atomically, and the directory fsynced: after a crash the file holds the old or the new content,
 * never a mix. A checkpoint must be written only after the stores were flushed and the changelog
 * acknowledged the offsets written into it.
 *
 * <p>Not thread-safe: owned by the task's stream thread.
 */
public final class OffsetCheckpoint {
  /** The file name in a task directory. */
  public static final String FILE_NAME = ".checkpoint";

  /** The offset of a store that has no checkpoint. */
  public static final long NONE = -1;

  private static final int VERSION = 0;
  private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9._-]+) (-?[0-9]+)");

  private final Path file;

  /** The checkpoint of the task directory {@code taskDir}. */
  public OffsetCheckpoint(Path taskDir) {
    this.file = taskDir.resolve(FILE_NAME);
  }

  /** The checkpoint file's path. */
  public Path path() {
    return file;
  }

  /**
   * Store name to offset; empty if there is no file.
   *
   * @throws StateStoreException if the file cannot be read or is malformed
   */
  public Map<String, Long> read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new StateStoreException("cannot read checkpoint file " + file + ": " + e, e);
    }
    if (lines.size() < 2 || !lines.get(0).equals(String.valueOf(VERSION))) {
      throw malformed("expected version " + VERSION + " on line 1");
    }
    int count;
    try {
      count = Integer.parseInt(lines.get(1));
    } catch (NumberFormatException e) {
      throw malformed("expected the number of entries on line 2");
    }
    if (count != lines.size() - 2) {
      throw malformed("line 2 says " + count + " entries but " + (lines.size() - 2) + " follow");
    }
    Map<String, Long> offsets = new TreeMap<>();
    for (int i = 2; i < lines.size(); i++) {
      var matcher = ENTRY.matcher(lines.get(i));
      if (!matcher.matches()) {
        throw malformed("expected 'store offset' on line " + (i + 1));
      }
      offsets.put(matcher.group(1), Long.parseLong(matcher.group(2)));
    }
    return offsets;
  }

  /** The offset checkpointed for {@code storeName}, or {@link #NONE}. */
  public long offset(String storeName) {
    return read().getOrDefault(storeName, NONE);
  }

  /**
   * Replaces the file with {@code offsets}, atomically and durably.
   *
   * @throws StateStoreException if it cannot be written
   */
  public void write(Map<String, Long> offsets) {
    StringBuilder text = new StringBuilder();
    text.append(VERSION).append('\n').append(offsets.size()).append('\n');
    new TreeMap<>(offsets)
        .forEach(
            (store, offset) -> {
              if (!ENTRY.matcher(store + " " + offset).matches()) {
                throw new IllegalArgumentException("cannot checkpoint store name '" + store + "'");
              }
              text.append(store).append(' ').append(offset).append('\n');
            });
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(file.getParent());
    } catch (IOException e) {
      throw new StateStoreException("cannot write checkpoint file " + file + ": " + e, e);
    }
  }

  /** Deletes the file, if there is one (before wiping the stores it describes). */
  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StateStoreException("cannot delete checkpoint file " + file + ": " + e, e);
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename durable; some platforms cannot open a directory, and then the rename is as
    // durable as they make it.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // best effort, see above
    }
  }

  private StateStoreException malformed(String what) {
    return new StateStoreException(
        "checkpoint file "
            + file
            + " is malformed: "
            + what
            + "; delete it to restore from the"
            + " changelog");
  }
}
