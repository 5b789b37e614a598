package io.runnel.streams;

import io.runnel.state.Windowed;
import io.runnel.state.serde.Serde;
import java.nio.ByteBuffer;

/**
 * Serdes for windowed keys, as windowed tables write them to topics ({@code
 * table.toStream().to(topic, Produced.with(WindowedSerdes.timeWindowed(keySerde), valueSerde))}).
 *
 * <p>Byte layout of a serialized {@code Windowed<K>} (big-endian):
 *
 * <pre>
 * +---------------------------+------------------+----------------+
 * | inner key bytes (n bytes) | start (8 bytes)  | end (8 bytes)  |
 * +---------------------------+------------------+----------------+
 * </pre>
 *
 * The inner key is whatever the key serde writes, unframed: its length is the total minus 16. Start
 * and end are epoch milliseconds; for time windows {@code end = start + size} (exclusive), for
 * sessions the last record's timestamp (inclusive). A null windowed key serializes to null.
 * Stateless and thread-safe.
 */
public final class WindowedSerdes {
  /** The bytes after the inner key: start and end. */
  public static final int SUFFIX_BYTES = 16;

  private WindowedSerdes() {}

  /** A serde of windowed keys whose inner key uses {@code keySerde}. */
  public static <K> Serde<Windowed<K>> timeWindowed(Serde<K> keySerde) {
    return Serde.of(
        windowed -> serialize(keySerde.serialize(windowed.key()), windowed.start(), windowed.end()),
        bytes -> deserialize(keySerde, bytes));
  }

  /**
   * A serde of session keys: the same layout, with the session's inclusive end as {@code end} (what
   * session-windowed tables produce).
   */
  public static <K> Serde<Windowed<K>> sessionWindowed(Serde<K> keySerde) {
    return timeWindowed(keySerde);
  }

  private static byte[] serialize(byte[] key, long start, long end) {
    byte[] inner = key == null ? new byte[0] : key;
    return ByteBuffer.allocate(inner.length + SUFFIX_BYTES)
        .put(inner)
        .putLong(start)
        .putLong(end)
        .array();
  }

  private static <K> Windowed<K> deserialize(Serde<K> keySerde, byte[] bytes) {
    if (bytes.length < SUFFIX_BYTES) {
      throw new StreamsException(
          "a windowed key needs at least "
              + SUFFIX_BYTES
              + " bytes (key, start, end), got "
              + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte[] key = new byte[bytes.length - SUFFIX_BYTES];
    buffer.get(key);
    long start = buffer.getLong();
    long end = buffer.getLong();
    return new Windowed<>(keySerde.deserialize(key), start, end);
  }
}
