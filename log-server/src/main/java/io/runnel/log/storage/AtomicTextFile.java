package io.runnel.log.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small text file so that a crash at any moment leaves the old or the new content,
 * never a mix: the text goes to {@code <name>.tmp} beside it, is fsynced, renamed over the file,
 * and the directory is fsynced so the rename itself is durable. A leftover {@code .tmp} file (a
 * crash before the rename) is overwritten by the next write; {@code PartitionLog} deletes those it
 * finds at open. Used for the checkpoint files of the storage engine.
 */
final class AtomicTextFile {
  private AtomicTextFile() {}

  static void write(Path file, String text) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " (check that its directory is writable and the disk"
          + " has space)", e);
    }
  }
}
