package io.runnel.state.serde;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns values of one type into bytes and back. Null maps to null in both directions, so a null
 * value can stand for a deletion (a tombstone).
 *
 * <p>Implementations are immutable and safe to call from any thread.
 *
 * @param <T> the value type
 */
public interface Serde<T> {

  /** The bytes of {@code value}; null for null. */
  byte[] serialize(T value);

  /**
   * The value of {@code bytes}; null for null.
   *
   * @throws SerdeException if the bytes are not a valid encoding
   */
  T deserialize(byte[] bytes);

  /**
   * A serde from two functions that never see null.
   *
   * @param serializer value to bytes
   * @param deserializer bytes to value
   */
  static <T> Serde<T> of(Function<T, byte[]> serializer, Function<byte[], T> deserializer) {
    Objects.requireNonNull(serializer, "serializer");
    Objects.requireNonNull(deserializer, "deserializer");
    return new Serde<>() {
      @Override
      public byte[] serialize(T value) {
        return value == null ? null : serializer.apply(value);
      }

      @Override
      public T deserialize(byte[] bytes) {
        return bytes == null ? null : deserializer.apply(bytes);
      }
    };
  }
}
