package io.runnel.connect.convert;

import io.runnel.connect.Converter;
import java.nio.charset.StandardCharsets;

/** UTF-8 text; any value is written as its {@code toString()}. Stateless and thread-safe. */
public final class StringConverter implements Converter {
  @Override
  public byte[] fromConnectData(String topic, Object value) {
    return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object toConnectData(String topic, byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
