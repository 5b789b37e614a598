package io.runnel.log.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Hands out idempotent-producer ids that are unique across restarts: ids are reserved in blocks of
 * {@value #BLOCK}, and the end of the current block is fsynced to {@code producer-ids} before any id
 * of it is given out, so a restart (even a crash) continues after every id ever handed out.
 * Thread-safe.
 */
public final class ProducerIdAllocator {
  static final int BLOCK = 1000;
  private final Path file;
  private long next;
  private long blockEnd;

  private ProducerIdAllocator(Path file, long start) {
    this.file = file;
    this.next = start;
    this.blockEnd = start;
  }

  public static ProducerIdAllocator open(Path metadataDir) {
    Path file = metadataDir.resolve("producer-ids");
    long start = 0;
    try {
      start = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      start = 0;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read " + file + " (" + e.getMessage() + "); if it is damaged, replace its "
          + "content with a number larger than any producer id handed out", e);
    }
    return new ProducerIdAllocator(file, start);
  }

  public synchronized long nextId() {
    if (next >= blockEnd) {
      reserve(next + BLOCK);
    }
    return next++;
  }

  private void reserve(long end) {
    Path tmp = file.resolveSibling("producer-ids.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((end + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve producer ids in " + file, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve producer ids in " + file, e);
    }
    blockEnd = end;
  }
}
