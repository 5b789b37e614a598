package io.runnel.log.storage;

import java.nio.ByteBuffer;

/**
 * The zig-zag variable-length integers of the v2 record format (as in protobuf): 7 bits a byte,
 * least significant group first, high bit set on every byte but the last.
 */
final class Varints {
  private Varints() {}

  static int readVarint(ByteBuffer in) {
    int raw = 0;
    int shift = 0;
    while (true) {
      if (!in.hasRemaining()) {
        throw new CorruptRecordException("record truncated inside a varint");
      }
      byte b = in.get();
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 28) {
        throw new CorruptRecordException("varint longer than 5 bytes in a record");
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  static long readVarlong(ByteBuffer in) {
    long raw = 0;
    int shift = 0;
    while (true) {
      if (!in.hasRemaining()) {
        throw new CorruptRecordException("record truncated inside a varlong");
      }
      byte b = in.get();
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new CorruptRecordException("varlong longer than 10 bytes in a record");
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  static void writeVarint(int value, ByteBuffer out) {
    writeVarlong(value, out);
  }

  static void writeVarlong(long value, ByteBuffer out) {
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7fL) != 0) {
      out.put((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }

  static int sizeOfVarint(int value) {
    return sizeOfVarlong(value);
  }

  static int sizeOfVarlong(long value) {
    long v = (value << 1) ^ (value >> 63);
    int bytes = 1;
    while ((v & ~0x7fL) != 0) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }
}
