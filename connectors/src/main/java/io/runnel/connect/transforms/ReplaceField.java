package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps, drops and renames the fields of a map value (short names {@code replace-field} and {@code
 * rename-field}): {@code include} (if set, only these fields stay), {@code exclude} (these go), then
 * {@code renames} ({@code old:new,...}). Field order is kept; a tombstone passes unchanged.
 *
 * @param <R> the record type
 */
public final class ReplaceField<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define("include", ConfigDef.Type.LIST, "", "if set, only these fields are kept")
          .define("exclude", ConfigDef.Type.LIST, "", "these fields are dropped")
          .define("renames", ConfigDef.Type.LIST, "", "old:new pairs");

  private List<String> include;
  private List<String> exclude;
  private final Map<String, String> renames = new LinkedHashMap<>();

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    include = config.getList("include");
    exclude = config.getList("exclude");
    for (String pair : config.getList("renames")) {
      String[] parts = pair.split(":", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new ConfigException("renames", "expected old:new pairs, got '" + pair + "'");
      }
      renames.put(parts[0].trim(), parts[1].trim());
    }
  }

  @Override
  public R apply(R record) {
    if (record.value() == null) {
      return record;
    }
    Map<String, Object> value = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : StructuredValue.copyOf(record, "ReplaceField").entrySet()) {
      String field = e.getKey();
      if ((include.isEmpty() || include.contains(field)) && !exclude.contains(field)) {
        value.put(renames.getOrDefault(field, field), e.getValue());
      }
    }
    return record.newRecord(
        record.topic(), record.key(), value, record.headers(), record.timestamp());
  }
}
