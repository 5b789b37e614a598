package io.runnel.connect;

/**
 * Turns keys and values into the bytes on the log and back. Implementations are stateless and
 * thread-safe; the built-ins are named {@code string}, {@code json} and {@code bytes} in the {@code
 * key.converter} and {@code value.converter} keys (see {@link
 * io.runnel.connect.convert.Converters}).
 */
public interface Converter {
  /**
   * The bytes of {@code value} (null stays null).
   *
   * @throws ConnectException naming the topic if the value cannot be converted
   */
  byte[] fromConnectData(String topic, Object value);

  /**
   * The value of {@code bytes} (null stays null).
   *
   * @throws ConnectException naming the topic if the bytes cannot be read
   */
  Object toConnectData(String topic, byte[] bytes);
}
