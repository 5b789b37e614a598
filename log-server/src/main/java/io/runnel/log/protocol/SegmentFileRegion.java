package io.runnel.log.protocol;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A range of a segment file sent with {@code FileChannel.transferTo} (sendfile). Unlike Netty's
 * DefaultFileRegion it never closes the channel: the segment owns it and keeps it open for
 * {@code file.delete.delay.ms} after retiring it.
 */
final class SegmentFileRegion extends AbstractReferenceCounted implements FileRegion {
  private final FileChannel channel;
  private final long position;
  private final long count;
  private long transferred;

  SegmentFileRegion(FileChannel channel, long position, long count) {
    this.channel = channel;
    this.position = position;
    this.count = count;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  @Deprecated
  public long transfered() {
    return transferred;
  }

  @Override
  public long transferred() {
    return transferred;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public long transferTo(WritableByteChannel target, long at) throws IOException {
    long remaining = count - at;
    if (remaining <= 0) {
      return 0;
    }
    long written = channel.transferTo(position + at, remaining, target);
    if (written == 0 && channel.size() < position + count) {
      // The file shrank under us (truncated after an unclean restart): fail rather than spin.
      throw new IOException("segment file is shorter than the region being sent");
    }
    transferred += written;
    return written;
  }

  @Override
  protected void deallocate() {
    // the segment owns the channel
  }

  @Override
  public FileRegion retain() {
    super.retain();
    return this;
  }

  @Override
  public FileRegion retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public FileRegion touch() {
    return this;
  }

  @Override
  public FileRegion touch(Object hint) {
    return this;
  }
}
