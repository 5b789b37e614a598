package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;

/**
 * True for records whose value is null (short name {@code record-is-tombstone}).
 *
 * @param <R> the record type
 */
public final class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R> {
  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void configure(ParsedConfig config) {}

  @Override
  public boolean test(R record) {
    return record.value() == null;
  }
}
