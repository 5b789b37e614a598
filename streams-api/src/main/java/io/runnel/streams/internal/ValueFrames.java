package io.runnel.streams.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Several serialized values in one store value, for stores that keep every record of a key and
 * timestamp (a window store keeps one value per key and window start). Layout, repeated once per
 * value in arrival order:
 *
 * <pre>
 * +-----------------------+------------------+
 * | length (4 bytes, BE)  | value bytes      |
 * +-----------------------+------------------+
 * </pre>
 *
 * Stateless.
 */
final class ValueFrames {
  private ValueFrames() {}

  /** {@code frames} (null for none) with {@code value} appended. */
  static byte[] append(byte[] frames, byte[] value) {
    int before = frames == null ? 0 : frames.length;
    ByteBuffer out = ByteBuffer.allocate(before + 4 + value.length);
    if (frames != null) {
      out.put(frames);
    }
    return out.putInt(value.length).put(value).array();
  }

  /** The values in {@code frames}, in arrival order. */
  static List<byte[]> split(byte[] frames) {
    List<byte[]> values = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(frames);
    while (in.hasRemaining()) {
      byte[] value = new byte[in.getInt()];
      in.get(value);
      values.add(value);
    }
    return values;
  }
}
