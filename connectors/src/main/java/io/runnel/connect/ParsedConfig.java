package io.runnel.connect;

import java.util.List;
import java.util.Map;

/**
 * A configuration validated by {@link ConfigDef#parse}: typed values of the defined keys, and the
 * original text of every key. Immutable and thread-safe.
 */
public final class ParsedConfig {
  private final Map<String, String> raw;
  private final Map<String, Object> values;

  ParsedConfig(Map<String, String> raw, Map<String, Object> values) {
    this.raw = Map.copyOf(raw);
    this.values = Map.copyOf(values);
  }

  /** The configuration as given, including keys the definition does not know. */
  public Map<String, String> originals() {
    return raw;
  }

  /** A STRING value. */
  public String getString(String key) {
    return (String) get(key);
  }

  /** An INT value. */
  public int getInt(String key) {
    return (Integer) get(key);
  }

  /** A LONG value. */
  public long getLong(String key) {
    return (Long) get(key);
  }

  /** A BOOLEAN value. */
  public boolean getBoolean(String key) {
    return (Boolean) get(key);
  }

  /** A LIST value. */
  @SuppressWarnings("unchecked")
  public List<String> getList(String key) {
    return (List<String>) get(key);
  }

  /**
   * An INT value that must be at least {@code min}.
   *
   * @throws ConfigException naming the key otherwise
   */
  public int getInt(String key, int min) {
    int value = getInt(key);
    if (value < min) {
      throw new ConfigException(key, "must be at least " + min + ", got " + value);
    }
    return value;
  }

  /**
   * A LONG value that must be at least {@code min}.
   *
   * @throws ConfigException naming the key otherwise
   */
  public long getLong(String key, long min) {
    long value = getLong(key);
    if (value < min) {
      throw new ConfigException(key, "must be at least " + min + ", got " + value);
    }
    return value;
  }

  private Object get(String key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("configuration key not defined: " + key);
    }
    return value;
  }
}
