package io.runnel.connect.convert;

import io.runnel.connect.ConnectException;
import io.runnel.connect.Converter;

/** Bytes as they are; only {@code byte[]} values are accepted. Stateless and thread-safe. */
public final class ByteArrayConverter implements Converter {
  @Override
  public byte[] fromConnectData(String topic, Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    throw new ConnectException(
        "the bytes converter of topic '"
            + topic
            + "' takes byte[] values, got "
            + value.getClass().getName()
            + "; use the string or json converter");
  }

  @Override
  public Object toConnectData(String topic, byte[] bytes) {
    return bytes;
  }
}
