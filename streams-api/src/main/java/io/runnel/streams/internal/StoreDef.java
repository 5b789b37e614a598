package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;

/**
 * A key-value store of a topology: RocksDB behind a record cache, changelogged to {@code
 * <application.id>-<name>-changelog}.
 *
 * @param name the store name ({@code [A-Za-z0-9._-]+})
 * @param keySerde its key serde, or null for the configured default
 * @param valueSerde its value serde, or null for the configured default
 */
public record StoreDef(String name, Serde<?> keySerde, Serde<?> valueSerde) {

  /** The changelog topic name without the application id prefix. */
  public String changelogSuffix() {
    return name + "-changelog";
  }
}
