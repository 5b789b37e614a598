package io.runnel.state.serde;

import io.runnel.state.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The built-in serdes. Number encodings are big-endian and match Kafka's serializers byte for byte
 * ({@code LongSerializer}, {@code IntegerSerializer}, {@code DoubleSerializer}); strings and UUIDs
 * are UTF-8 (a UUID as its 36-character text, like Kafka's {@code UUIDSerializer}).
 *
 * <p>Every serde returned is immutable and thread-safe.
 */
public final class Serdes {
  private static final Serde<String> STRING =
      Serde.of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
  private static final Serde<Long> LONG =
      Serde.of(
          v -> ByteBuffer.allocate(Long.BYTES).putLong(v).array(),
          b -> ByteBuffer.wrap(checkSize(b, Long.BYTES, "Long")).getLong());
  private static final Serde<Integer> INTEGER =
      Serde.of(
          v -> ByteBuffer.allocate(Integer.BYTES).putInt(v).array(),
          b -> ByteBuffer.wrap(checkSize(b, Integer.BYTES, "Integer")).getInt());
  private static final Serde<Double> DOUBLE =
      Serde.of(
          v -> ByteBuffer.allocate(Double.BYTES).putLong(Double.doubleToLongBits(v)).array(),
          b ->
              Double.longBitsToDouble(
                  ByteBuffer.wrap(checkSize(b, Long.BYTES, "Double")).getLong()));
  private static final Serde<byte[]> BYTE_ARRAY = Serde.of(b -> b, b -> b);
  private static final Serde<Bytes> BYTES = Serde.of(Bytes::get, Bytes::wrap);
  private static final Serde<ByteBuffer> BYTE_BUFFER =
      Serde.of(Serdes::remainingBytes, ByteBuffer::wrap);
  private static final Serde<UUID> UUID_SERDE =
      Serde.of(u -> u.toString().getBytes(StandardCharsets.UTF_8), Serdes::parseUuid);
  private static final Serde<Void> VOID =
      Serde.of(
          v -> null,
          b -> {
            throw new SerdeException(
                "the Void serde accepts only null, got " + b.length + " bytes");
          });

  private Serdes() {}

  /** UTF-8 strings. */
  public static Serde<String> string() {
    return STRING;
  }

  /** 8-byte big-endian longs. */
  public static Serde<Long> longs() {
    return LONG;
  }

  /** 4-byte big-endian ints. */
  public static Serde<Integer> integers() {
    return INTEGER;
  }

  /** 8-byte big-endian IEEE 754 doubles. */
  public static Serde<Double> doubles() {
    return DOUBLE;
  }

  /** Byte arrays as they are (not copied). */
  public static Serde<byte[]> byteArray() {
    return BYTE_ARRAY;
  }

  /** {@link Bytes} as their wrapped array. */
  public static Serde<Bytes> bytes() {
    return BYTES;
  }

  /**
   * Byte buffers: the bytes between position and limit (the buffer's position is left as it was);
   * deserialized as a heap buffer wrapping the bytes.
   */
  public static Serde<ByteBuffer> byteBuffer() {
    return BYTE_BUFFER;
  }

  /** UUIDs as their 36-character UTF-8 text. */
  public static Serde<UUID> uuid() {
    return UUID_SERDE;
  }

  /** Only null: for topics and stores whose keys or values carry nothing. */
  public static Serde<Void> voidSerde() {
    return VOID;
  }

  /** JSON through Jackson for records and POJOs of {@code type}. */
  public static <T> JsonSerde<T> json(Class<T> type) {
    return JsonSerde.of(type);
  }

  /**
   * Kryo for any registered class; register classes with {@link KryoSerde#register}. The default
   * for objects that have no other serde.
   */
  public static KryoSerde<Object> kryo() {
    return KryoSerde.create();
  }

  /** Kryo for values of {@code type}, which is registered first. */
  public static <T> KryoSerde<T> kryo(Class<T> type) {
    return KryoSerde.create(type);
  }

  private static byte[] checkSize(byte[] bytes, int size, String type) {
    if (bytes.length != size) {
      throw new SerdeException(
          "cannot deserialize a " + type + ": expected " + size + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  private static byte[] remainingBytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static UUID parseUuid(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new SerdeException("cannot deserialize a UUID from '" + text + "'", e);
    }
  }
}
