package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SinkRecord;
import java.util.Map;

/**
 * Inserts fields into a map value (short name {@code insert-field}): {@code static.field} with
 * {@code static.value}, and the record's {@code topic.field}, {@code partition.field}, {@code
 * offset.field} (sink records only) and {@code timestamp.field}. Keys left empty insert nothing. A
 * tombstone (null value) passes unchanged; another value that is not a map is an error.
 *
 * @param <R> the record type
 */
public final class InsertField<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define("topic.field", ConfigDef.Type.STRING, "", "field for the record's topic")
          .define("partition.field", ConfigDef.Type.STRING, "", "field for its partition")
          .define("offset.field", ConfigDef.Type.STRING, "", "field for its offset (sinks)")
          .define("timestamp.field", ConfigDef.Type.STRING, "", "field for its timestamp")
          .define("static.field", ConfigDef.Type.STRING, "", "field for static.value")
          .define("static.value", ConfigDef.Type.STRING, "", "the text of static.field");

  private String topicField;
  private String partitionField;
  private String offsetField;
  private String timestampField;
  private String staticField;
  private String staticValue;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    topicField = config.getString("topic.field");
    partitionField = config.getString("partition.field");
    offsetField = config.getString("offset.field");
    timestampField = config.getString("timestamp.field");
    staticField = config.getString("static.field");
    staticValue = config.getString("static.value");
  }

  @Override
  public R apply(R record) {
    if (record.value() == null) {
      return record;
    }
    Map<String, Object> value = StructuredValue.copyOf(record, "InsertField");
    put(value, staticField, staticValue);
    put(value, topicField, record.topic());
    put(value, partitionField, record.kafkaPartition());
    if (record instanceof SinkRecord) {
      put(value, offsetField, ((SinkRecord) record).offset());
    }
    put(value, timestampField, record.timestamp());
    return record.newRecord(
        record.topic(), record.key(), value, record.headers(), record.timestamp());
  }

  private static void put(Map<String, Object> value, String field, Object content) {
    if (!field.isEmpty() && content != null) {
      value.put(field, content);
    }
  }
}
