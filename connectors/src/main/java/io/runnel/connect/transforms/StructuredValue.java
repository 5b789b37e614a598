package io.runnel.connect.transforms;

import io.runnel.connect.ConnectException;
import io.runnel.connect.ConnectRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** The map a field transform works on: a record's value must be a map (a JSON object). */
final class StructuredValue {
  private StructuredValue() {}

  /**
   * A mutable copy of the record's value, keys as text.
   *
   * @throws ConnectException naming the transform and topic if the value is not a map
   */
  static Map<String, Object> copyOf(ConnectRecord<?> record, String transform) {
    Object value = record.value();
    if (!(value instanceof Map)) {
      throw new ConnectException(
          transform
              + " needs a value that is a map (a JSON object; use value.converter=json on sinks),"
              + " got "
              + value.getClass().getName()
              + " on a record of topic '"
              + record.topic()
              + "'");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue());
    }
    return copy;
  }
}
