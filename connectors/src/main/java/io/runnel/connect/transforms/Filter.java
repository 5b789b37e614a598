package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;

/**
 * Drops every record it applies to (short name {@code filter}); give it a predicate
 * ({@code transforms.<name>.predicate}, possibly with {@code negate=true}) to drop only some.
 *
 * @param <R> the record type
 */
public final class Filter<R extends ConnectRecord<R>> implements Transformation<R> {
  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void configure(ParsedConfig config) {}

  @Override
  public R apply(R record) {
    return null;
  }
}
