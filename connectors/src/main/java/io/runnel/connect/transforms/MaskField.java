package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Replaces the {@code fields} of a map value (short name {@code mask-field}) with their type's
 * empty value ({@code ""}, {@code 0}, {@code false}, an empty map or list), or with {@code
 * replacement} if set (text fields take it as is, number fields parsed to their type). Missing and
 * null fields stay as they are; a tombstone passes unchanged.
 *
 * @param <R> the record type
 */
public final class MaskField<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef()
          .required("fields", ConfigDef.Type.LIST, "the fields to mask")
          .define(
              "replacement", ConfigDef.Type.STRING, "", "empty: the type's empty value");

  private List<String> fields;
  private String replacement;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    fields = config.getList("fields");
    if (fields.isEmpty()) {
      throw new ConfigException("fields", "name at least one field");
    }
    replacement = config.getString("replacement");
  }

  @Override
  public R apply(R record) {
    if (record.value() == null) {
      return record;
    }
    Map<String, Object> value = StructuredValue.copyOf(record, "MaskField");
    for (String field : fields) {
      Object old = value.get(field);
      if (old != null) {
        value.put(field, replacement.isEmpty() ? empty(old) : replaced(old, field, record));
      }
    }
    return record.newRecord(
        record.topic(), record.key(), value, record.headers(), record.timestamp());
  }

  private static Object empty(Object old) {
    if (old instanceof String) {
      return "";
    } else if (old instanceof Integer) {
      return 0;
    } else if (old instanceof Long) {
      return 0L;
    } else if (old instanceof Double) {
      return 0.0;
    } else if (old instanceof Float) {
      return 0.0f;
    } else if (old instanceof Short) {
      return (short) 0;
    } else if (old instanceof Byte) {
      return (byte) 0;
    } else if (old instanceof BigDecimal) {
      return BigDecimal.ZERO;
    } else if (old instanceof BigInteger) {
      return BigInteger.ZERO;
    } else if (old instanceof Boolean) {
      return false;
    } else if (old instanceof Map) {
      return Map.of();
    } else if (old instanceof List) {
      return List.of();
    }
    return "";
  }

  private Object replaced(Object old, String field, ConnectRecord<?> record) {
    try {
      if (old instanceof Integer) {
        return Integer.valueOf(replacement);
      } else if (old instanceof Long) {
        return Long.valueOf(replacement);
      } else if (old instanceof Double) {
        return Double.valueOf(replacement);
      } else if (old instanceof BigDecimal) {
        return new BigDecimal(replacement);
      } else if (old instanceof BigInteger) {
        return new BigInteger(replacement);
      } else if (old instanceof String) {
        return replacement;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new ConnectException(
        "MaskField cannot replace field '"
            + field
            + "' ("
            + old.getClass().getSimpleName()
            + ") of a record of topic '"
            + record.topic()
            + "' with '"
            + replacement
            + "'");
  }
}
