package io.runnel.state;

import io.runnel.state.rocksdb.RocksDBConfigSetter;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration keys of the state layer, their defaults and documentation, validated once when
 * a {@code StateConfig} is built: a bad value fails with a message naming the key. Keys that are
 * not the state layer's are ignored, so the whole application configuration may be passed.
 *
 * <p>Immutable and thread-safe.
 */
public final class StateConfig {
  /** Bytes of the LRU block cache shared by every RocksDB store of the process. */
  public static final String ROCKSDB_BLOCK_CACHE_BYTES = "rocksdb.block.cache.bytes";

  /** Bytes of memtables allowed across every RocksDB store of the process. */
  public static final String ROCKSDB_WRITE_BUFFER_MANAGER_BYTES =
      "rocksdb.write.buffer.manager.bytes";

  /** Class name of a {@link RocksDBConfigSetter} applied to every RocksDB store. */
  public static final String ROCKSDB_CONFIG_SETTER = "rocksdb.config.setter";

  /** Bytes of the record cache in front of each cached store; 0 turns caching off. */
  public static final String CACHE_MAX_BYTES = "statestore.cache.max.bytes";

  /** Comma-separated class names registered with Kryo, in id order. */
  public static final String KRYO_REGISTRATIONS = "serde.kryo.registrations";

  /** Whether Kryo refuses unregistered classes. */
  public static final String KRYO_REGISTRATION_REQUIRED = "serde.kryo.registration.required";

  /**
   * A documented key.
   *
   * @param name the key
   * @param defaultValue its default, as text
   * @param doc what it does
   */
  public record Key(String name, String defaultValue, String doc) {}

  /** Every key of the state layer, in documentation order. */
  public static final List<Key> KEYS =
      List.of(
          new Key(
              ROCKSDB_BLOCK_CACHE_BYTES,
              String.valueOf(64L << 20),
              "LRU block cache shared by all RocksDB stores of the process (data, index and filter"
                  + " blocks); memtables are charged to it too."),
          new Key(
              ROCKSDB_WRITE_BUFFER_MANAGER_BYTES,
              String.valueOf(32L << 20),
              "Memtable memory across all RocksDB stores of the process; past it, RocksDB flushes"
                  + " memtables. Added to the block cache capacity."),
          new Key(
              ROCKSDB_CONFIG_SETTER,
              "",
              "Class name of a RocksDBConfigSetter (public no-arg constructor) that adjusts the"
                  + " Options of each store."),
          new Key(
              CACHE_MAX_BYTES,
              String.valueOf(10L << 20),
              "Bytes (keys plus values) of the record cache in front of each cached store; 0"
                  + " turns the cache off."),
          new Key(
              KRYO_REGISTRATIONS,
              "",
              "Comma-separated class names registered with Kryo, in id order: append, never"
                  + " reorder."),
          new Key(
              KRYO_REGISTRATION_REQUIRED,
              "true",
              "Whether Kryo refuses unregistered classes; false accepts any class (trusted data"
                  + " only)."));

  private final long blockCacheBytes;
  private final long writeBufferManagerBytes;
  private final Optional<RocksDBConfigSetter> configSetter;
  private final long cacheMaxBytes;
  private final List<Class<?>> kryoRegistrations;
  private final boolean kryoRegistrationRequired;
  private final Map<String, Object> originals;

  private StateConfig(Map<String, ?> props) {
    this.originals = Map.copyOf(props);
    this.blockCacheBytes = positiveLong(props, ROCKSDB_BLOCK_CACHE_BYTES);
    this.writeBufferManagerBytes = positiveLong(props, ROCKSDB_WRITE_BUFFER_MANAGER_BYTES);
    this.configSetter = configSetter(props);
    long cacheBytes = positiveOrZeroLong(props, CACHE_MAX_BYTES);
    if (cacheBytes > Integer.MAX_VALUE) {
      throw invalid(CACHE_MAX_BYTES, props.get(CACHE_MAX_BYTES), "at most " + Integer.MAX_VALUE);
    }
    this.cacheMaxBytes = cacheBytes;
    this.kryoRegistrations = classes(props, KRYO_REGISTRATIONS);
    this.kryoRegistrationRequired = bool(props, KRYO_REGISTRATION_REQUIRED);
  }

  /** The defaults of every key. */
  public static StateConfig defaults() {
    return new StateConfig(Map.of());
  }

  /**
   * Reads and validates the state layer's keys from {@code props} (values as text or as typed
   * objects).
   *
   * @throws IllegalArgumentException naming the key whose value is bad
   */
  public static StateConfig from(Map<String, ?> props) {
    Map<String, Object> copy = new HashMap<>();
    props.forEach((k, v) -> copy.put(k, v == null ? "" : v));
    return new StateConfig(copy);
  }

  /** {@value #ROCKSDB_BLOCK_CACHE_BYTES}. */
  public long blockCacheBytes() {
    return blockCacheBytes;
  }

  /** {@value #ROCKSDB_WRITE_BUFFER_MANAGER_BYTES}. */
  public long writeBufferManagerBytes() {
    return writeBufferManagerBytes;
  }

  /** {@value #ROCKSDB_CONFIG_SETTER}, instantiated. */
  public Optional<RocksDBConfigSetter> configSetter() {
    return configSetter;
  }

  /** {@value #CACHE_MAX_BYTES}. */
  public long cacheMaxBytes() {
    return cacheMaxBytes;
  }

  /** {@value #KRYO_REGISTRATIONS}, loaded. */
  public List<Class<?>> kryoRegistrations() {
    return kryoRegistrations;
  }

  /** {@value #KRYO_REGISTRATION_REQUIRED}. */
  public boolean kryoRegistrationRequired() {
    return kryoRegistrationRequired;
  }

  /** Every key and value given, for config setters that read keys of their own. */
  public Map<String, Object> originals() {
    return originals;
  }

  private static String text(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null) {
      return KEYS.stream()
          .filter(k -> k.name().equals(key))
          .findFirst()
          .orElseThrow()
          .defaultValue();
    }
    return value.toString().trim();
  }

  private static long positiveOrZeroLong(Map<String, ?> props, String key) {
    String text = text(props, key);
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, text, "a number of bytes >= 0");
  }

  private static long positiveLong(Map<String, ?> props, String key) {
    long value = positiveOrZeroLong(props, key);
    if (value == 0) {
      throw invalid(key, "0", "a number of bytes > 0");
    }
    return value;
  }

  private static boolean bool(Map<String, ?> props, String key) {
    String text = text(props, key).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, text, "true or false");
    };
  }

  private static List<Class<?>> classes(Map<String, ?> props, String key) {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : text(props, key).split(",")) {
      if (!name.isBlank()) {
        classes.add(load(key, name.trim()));
      }
    }
    return List.copyOf(classes);
  }

  private static Optional<RocksDBConfigSetter> configSetter(Map<String, ?> props) {
    Object value = props.get(ROCKSDB_CONFIG_SETTER);
    if (value instanceof RocksDBConfigSetter setter) {
      return Optional.of(setter);
    }
    String name = text(props, ROCKSDB_CONFIG_SETTER);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Class<?> type = load(ROCKSDB_CONFIG_SETTER, name);
    if (!RocksDBConfigSetter.class.isAssignableFrom(type)) {
      throw invalid(ROCKSDB_CONFIG_SETTER, name, "a class implementing RocksDBConfigSetter");
    }
    try {
      return Optional.of((RocksDBConfigSetter) type.getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalArgumentException(
          "invalid value '"
              + name
              + "' for config '"
              + ROCKSDB_CONFIG_SETTER
              + "': cannot create it with a public no-arg constructor: "
              + cause,
          cause);
    }
  }

  private static Class<?> load(String key, String className) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return Class.forName(
          className, false, loader != null ? loader : StateConfig.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw invalid(key, className, "a class on the class path");
    }
  }

  private static IllegalArgumentException invalid(String key, Object value, String expected) {
    return new IllegalArgumentException(
        "invalid value '" + value + "' for config '" + key + "': expected " + expected);
  }
}
