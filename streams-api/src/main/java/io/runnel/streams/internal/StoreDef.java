package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;

/**
 * A store of a topology, changelogged to {@code <application.id>-<name>-changelog}: a key-value
 * store (RocksDB behind a record cache), or a window or session store (RocksDB segments, behind a
 * record cache if {@code cached}: the stores of windowed aggregations, not those of joins).
 *
 * @param name the store name ({@code [A-Za-z0-9._-]+})
 * @param kind key-value or window
 * @param keySerde its key serde, or null for the configured default
 * @param valueSerde its value serde, or null for the configured default
 * @param windowSizeMs the window size of a window store, else 0
 * @param retentionMs how long a window or session store keeps data, in stream time, else 0
 * @param cached whether writes wait in a record cache (always for key-value stores)
 */
public record StoreDef(
    String name,
    Kind kind,
    Serde<?> keySerde,
    Serde<?> valueSerde,
    long windowSizeMs,
    long retentionMs,
    boolean cached) {

  /** What a store holds. */
  public enum Kind {
    /** One value per key. */
    KEY_VALUE,
    /** One value per key and fixed window. */
    WINDOW,
    /** One value per key and session. */
    SESSION
  }

  /** A key-value store. */
  public StoreDef(String name, Serde<?> keySerde, Serde<?> valueSerde) {
    this(name, Kind.KEY_VALUE, keySerde, valueSerde, 0, 0, true);
  }

  /**
   * A window store of windows {@code windowSizeMs} long, kept for {@code retentionMs}, without a
   * cache.
   */
  public static StoreDef window(
      String name, Serde<?> keySerde, Serde<?> valueSerde, long windowSizeMs, long retentionMs) {
    return new StoreDef(name, Kind.WINDOW, keySerde, valueSerde, windowSizeMs, retentionMs, false);
  }

  /** A session store keeping sessions for {@code retentionMs}, without a cache. */
  public static StoreDef session(
      String name, Serde<?> keySerde, Serde<?> valueSerde, long retentionMs) {
    return new StoreDef(name, Kind.SESSION, keySerde, valueSerde, 0, retentionMs, false);
  }

  /** The same store behind a record cache, so its owner emits once per window and commit. */
  public StoreDef withCache() {
    return new StoreDef(name, kind, keySerde, valueSerde, windowSizeMs, retentionMs, true);
  }

  /** The changelog topic name without the application id prefix. */
  public String changelogSuffix() {
    return name + "-changelog";
  }
}
