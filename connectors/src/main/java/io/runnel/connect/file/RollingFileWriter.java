package io.runnel.connect.file;

import io.runnel.connect.ConnectException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends to a file and rolls it by size: before a write would take the file past {@code
 * rollBytes}, the file is forced to disk and renamed to {@code <file>.<n>}, n = 1, 2, 3... (the
 * highest is the newest; numbering continues after a restart), and a new file is started. A single
 * write larger than {@code rollBytes} goes whole into a file of its own.
 *
 * <p>Not thread-safe: owned by one {@link FileSinkTask}.
 */
final class RollingFileWriter implements AutoCloseable {
  private final Path path;
  private final long rollBytes;
  private FileChannel channel;
  private long size;
  private int nextIndex;

  /** Opens {@code path} for appending (creating it and its directory if needed). */
  RollingFileWriter(Path path, long rollBytes) {
    this.path = path.toAbsolutePath();
    this.rollBytes = rollBytes;
    try {
      Files.createDirectories(this.path.getParent());
      nextIndex = highestIndex() + 1;
      open();
    } catch (IOException e) {
      throw new ConnectException("cannot open file " + this.path + " for appending", e);
    }
  }

  private int highestIndex() throws IOException {
    int highest = 0;
    String prefix = path.getFileName() + ".";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path.getParent(), prefix + "*")) {
      for (Path entry : entries) {
        String suffix = entry.getFileName().toString().substring(prefix.length());
        if (suffix.matches("[0-9]{1,9}")) {
          highest = Math.max(highest, Integer.parseInt(suffix));
        }
      }
    }
    return highest;
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  /**
   * Appends {@code bytes}, rolling first if they would not fit.
   *
   * @throws ConnectException naming the file if it cannot be written
   */
  void write(byte[] bytes) {
    try {
      if (size > 0 && size + bytes.length > rollBytes) {
        roll();
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      size += bytes.length;
    } catch (IOException e) {
      throw new ConnectException("cannot append to file " + path, e);
    }
  }

  private void roll() throws IOException {
    channel.force(false);
    channel.close();
    Path rolled = path.resolveSibling(path.getFileName() + "." + nextIndex++);
    Files.move(path, rolled, StandardCopyOption.ATOMIC_MOVE);
    open();
  }

  /**
   * Forces what was written to disk.
   *
   * @throws ConnectException naming the file if it cannot
   */
  void flush() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new ConnectException("cannot force file " + path + " to disk", e);
    }
  }

  @Override
  public void close() {
    try {
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      throw new ConnectException("cannot close file " + path, e);
    }
  }
}
