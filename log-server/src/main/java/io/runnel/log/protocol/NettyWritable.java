package io.runnel.log.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A {@link Writable} that lays a response out as Netty messages: heap bytes go into a ByteBuf, and
 * each {@link ZeroCopyRecords} field becomes a {@link SegmentFileRegion} between two ByteBufs. Not
 * thread-safe: one per response.
 */
final class NettyWritable implements Writable {
  private final ByteBufAllocator allocator;
  private final List<Object> parts = new ArrayList<>();
  private ByteBuf current;

  NettyWritable(ByteBufAllocator allocator, int initialCapacity) {
    this.allocator = allocator;
    this.current = allocator.buffer(initialCapacity);
  }

  /** The ByteBufs and file regions to write, in order. */
  List<Object> finish() {
    if (current.isReadable() || parts.isEmpty()) {
      parts.add(current);
    } else {
      current.release();
    }
    current = null;
    return parts;
  }

  @Override
  public void writeByte(byte val) {
    current.writeByte(val);
  }

  @Override
  public void writeShort(short val) {
    current.writeShort(val);
  }

  @Override
  public void writeInt(int val) {
    current.writeInt(val);
  }

  @Override
  public void writeLong(long val) {
    current.writeLong(val);
  }

  @Override
  public void writeDouble(double val) {
    current.writeDouble(val);
  }

  @Override
  public void writeByteArray(byte[] arr) {
    current.writeBytes(arr);
  }

  @Override
  public void writeUnsignedVarint(int i) {
    int value = i;
    while ((value & 0xffffff80) != 0L) {
      current.writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    current.writeByte(value);
  }

  @Override
  public void writeByteBuffer(ByteBuffer buf) {
    current.writeBytes(buf.duplicate());
  }

  @Override
  public void writeVarint(int i) {
    writeUnsignedVarint((i << 1) ^ (i >> 31));
  }

  @Override
  public void writeVarlong(long i) {
    long value = (i << 1) ^ (i >> 63);
    while ((value & 0xffffffffffffff80L) != 0L) {
      current.writeByte(((int) value & 0x7f) | 0x80);
      value >>>= 7;
    }
    current.writeByte((int) value);
  }

  @Override
  public void writeRecords(BaseRecords records) {
    if (records instanceof ZeroCopyRecords zeroCopy) {
      if (zeroCopy.sizeInBytes() == 0) {
        return;
      }
      parts.add(current);
      var slice = zeroCopy.slice();
      parts.add(new SegmentFileRegion(slice.channel(), slice.position(), slice.size()));
      current = allocator.buffer(256);
    } else if (records instanceof MemoryRecords memory) {
      current.writeBytes(memory.buffer().duplicate());
    } else if (records != null) {
      throw new IllegalArgumentException("cannot write records of type " + records.getClass().getName());
    }
  }
}
