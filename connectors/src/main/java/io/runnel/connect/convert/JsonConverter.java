package io.runnel.connect.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Converter;
import java.io.IOException;

/**
 * JSON through Jackson: values are written with Jackson's default mapping (maps, lists, strings,
 * numbers, records...) and read back as maps, lists, strings, numbers, booleans or null. Stateless
 * and thread-safe.
 */
public final class JsonConverter implements Converter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public byte[] fromConnectData(String topic, Object value) {
    if (value == null) {
      return null;
    }
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new ConnectException(
          "cannot write a " + value.getClass().getName() + " as JSON for topic '" + topic + "'", e);
    }
  }

  @Override
  public Object toConnectData(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return MAPPER.readValue(bytes, Object.class);
    } catch (IOException e) {
      throw new ConnectException(
          "a record of topic '" + topic + "' is not valid JSON: " + e.getMessage(), e);
    }
  }
}
