package io.runnel.log.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Hands out idempotent-producer ids that are unique in the cluster and across restarts: ids are
 * reserved in blocks of {@value #BLOCK} through the metadata quorum before any id of a block is
 * given out, so every node and every restart (even after a crash) continues after every id ever
 * handed out. A node whose data predates the quorum starts its first block after the ids of its old
 * {@code producer-ids} file. Thread-safe.
 */
public final class ProducerIdAllocator {
  static final int BLOCK = 1000;

  /** Reserves {@code count} ids starting at {@code atLeast} or later, returning the first. */
  @FunctionalInterface
  public interface BlockSource {
    long reserve(long atLeast, int count);
  }

  private final BlockSource source;
  private final long floor;
  private long next;
  private long blockEnd;

  private ProducerIdAllocator(BlockSource source, long floor) {
    this.source = source;
    this.floor = floor;
  }

  /** An allocator over {@code source}; {@code metadataDir} may hold the legacy {@code producer-ids} file. */
  public static ProducerIdAllocator open(Path metadataDir, BlockSource source) {
    Path file = metadataDir.resolve("producer-ids");
    long floor;
    try {
      floor = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      floor = 0;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read " + file + " (" + e.getMessage() + "); if it is damaged, replace its "
          + "content with a number larger than any producer id handed out", e);
    }
    return new ProducerIdAllocator(source, floor);
  }

  public synchronized long nextId() {
    if (next >= blockEnd) {
      long first = source.reserve(floor, BLOCK);
      next = first;
      blockEnd = first + BLOCK;
    }
    return next++;
  }
}
