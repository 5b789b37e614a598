package io.runnel.log.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A byte range of a segment file, to be sent as it is (FileChannel.transferTo, Netty's FileRegion):
 * whole batches from the one that holds the fetch offset, possibly ending in a partial batch that a
 * Kafka consumer discards, as with Kafka itself. The channel stays open for at least the log's
 * {@code file.delete.delay.ms} after the segment is deleted or replaced.
 */
public record FileSlice(FileChannel channel, long position, int size) {

  /** Copies the range into a heap buffer: for tests and tools, never on the fetch path. */
  public ByteBuffer readFully() {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    try {
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position + buffer.position());
        if (n < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a slice of a segment file", e);
    }
    return buffer.flip();
  }
}
