package io.runnel.connect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration keys a worker or connector understands: each with a type, a default (or none,
 * meaning required), and documentation. {@link #parse} validates a whole configuration once, at
 * start, and throws a {@link ConfigException} naming the first bad key.
 *
 * <p>Build it once (not thread-safe while being built); immutable in use afterwards.
 */
public final class ConfigDef {

  /** The type of a configuration value. */
  public enum Type {
    /** Any text. */
    STRING,
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer. */
    LONG,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Comma-separated text, trimmed, empty items dropped. */
    LIST
  }

  /**
   * One key.
   *
   * @param name the key
   * @param type its type
   * @param defaultValue the default as text, or null if the key is required
   * @param doc what it means, for documentation
   */
  public record Key(String name, Type type, String defaultValue, String doc) {
    /** Checks the fields. */
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type of " + name);
      Objects.requireNonNull(doc, "doc of " + name);
    }

    /** True if the key has no default. */
    public boolean required() {
      return defaultValue == null;
    }
  }

  private final Map<String, Key> keys = new LinkedHashMap<>();

  /** Adds a key with a default; returns this for chaining. */
  public ConfigDef define(String name, Type type, String defaultValue, String doc) {
    Objects.requireNonNull(defaultValue, "default of " + name + " (use required(...))");
    return add(new Key(name, type, defaultValue, doc));
  }

  /** Adds a key without a default: a configuration without it is invalid. */
  public ConfigDef required(String name, Type type, String doc) {
    return add(new Key(name, type, null, doc));
  }

  /** Adds every key of {@code other}; returns this. */
  public ConfigDef withAll(ConfigDef other) {
    other.keys.values().forEach(this::add);
    return this;
  }

  private ConfigDef add(Key key) {
    if (keys.putIfAbsent(key.name(), key) != null) {
      throw new IllegalArgumentException("configuration key defined twice: " + key.name());
    }
    return this;
  }

  /** The keys in definition order. */
  public List<Key> keys() {
    return List.copyOf(keys.values());
  }

  /**
   * Validates {@code raw} against the keys: every required key present, every value of its type.
   * Keys this definition does not know are kept as text (connectors pass them on to tasks).
   *
   * @throws ConfigException naming the first missing or invalid key
   */
  public ParsedConfig parse(Map<String, String> raw) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Key key : keys.values()) {
      String text = raw.get(key.name());
      if (text == null) {
        text = key.defaultValue();
      }
      if (text == null) {
        throw new ConfigException(key.name(), "required, not set (" + key.doc() + ")");
      }
      values.put(key.name(), convert(key, text.trim()));
    }
    return new ParsedConfig(raw, values);
  }

  private static Object convert(Key key, String text) {
    switch (key.type()) {
      case STRING:
        return text;
      case INT:
        try {
          return Integer.parseInt(text);
        } catch (NumberFormatException e) {
          throw new ConfigException(key.name(), "expected an integer, got '" + text + "'");
        }
      case LONG:
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new ConfigException(key.name(), "expected an integer, got '" + text + "'");
        }
      case BOOLEAN:
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key.name(), "expected true or false, got '" + text + "'");
      case LIST:
        List<String> items = new ArrayList<>();
        for (String item : Arrays.asList(text.split(","))) {
          if (!item.isBlank()) {
            items.add(item.trim());
          }
        }
        return Collections.unmodifiableList(items);
      default:
        throw new IllegalStateException("unknown type " + key.type());
    }
  }
}
