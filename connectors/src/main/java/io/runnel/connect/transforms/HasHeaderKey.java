package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.Header;
import io.runnel.connect.ParsedConfig;

/**
 * True for records with at least one header named {@code name} (short name {@code
 * has-header-key}).
 *
 * @param <R> the record type
 */
public final class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R> {
  private static final ConfigDef CONFIG =
      new ConfigDef().required("name", ConfigDef.Type.STRING, "the header name");

  private String name;

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public void configure(ParsedConfig config) {
    name = config.getString("name");
  }

  @Override
  public boolean test(R record) {
    for (Header h : record.headers()) {
      if (h.key().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
