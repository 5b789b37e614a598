package io.runnel.streams;

import io.runnel.state.StateConfig;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.Log;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration of a streams application: Kafka Streams' key names, read once and validated at
 * construction with a message naming the bad key. Keys of the state layer ({@link StateConfig}, for
 * example {@code statestore.cache.max.bytes}) are passed through to it and validated there.
 *
 * <p>Immutable; thread-safe.
 */
public final class StreamsConfig {
  /** Required: names the consumer group and prefixes internal topics and the state directory. */
  public static final String APPLICATION_ID = "application.id";

  /** {@code kafka} or {@code memory}. */
  public static final String LOG_BACKEND = Log.BACKEND;

  /** The kafka backend's cluster addresses. */
  public static final String BOOTSTRAP_SERVERS = Log.BOOTSTRAP_SERVERS;

  /** The process-wide memory log to use with {@code log.backend=memory}. */
  public static final String LOG_MEMORY_NAME = Log.MEMORY_NAME;

  /** Where task state directories live: {@code <state.dir>/<application.id>/<task>}. */
  public static final String STATE_DIR = "state.dir";

  /** How often to commit (flush stores, flush producer, checkpoint, commit offsets). */
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";

  /** How long one poll of the input waits for records. */
  public static final String POLL_MS = "poll.ms";

  /** Stream threads per instance, each a group member with its own consumer and producer. */
  public static final String NUM_STREAM_THREADS = "num.stream.threads";

  /**
   * A stable identity for static group membership; thread {@code i} joins as {@code
   * <group.instance.id>-<i>}. Empty for dynamic membership.
   */
  public static final String GROUP_INSTANCE_ID = "group.instance.id";

  /**
   * {@code host:port} where users' own RPC layer reaches this instance, carried in the group's
   * assignment so every instance can say which one holds a key. Empty for none.
   */
  public static final String APPLICATION_SERVER = "application.server";

  /** Key serde where an operation names none: string, long, integer, double, bytearray, uuid. */
  public static final String DEFAULT_KEY_SERDE = "default.key.serde";

  /** Value serde where an operation names none: string, long, integer, double, bytearray, uuid. */
  public static final String DEFAULT_VALUE_SERDE = "default.value.serde";

  /**
   * What to do with a record whose key or value cannot be deserialized: {@code log-and-fail},
   * {@code log-and-continue}, or the class name of a {@link DeserializationExceptionHandler}.
   */
  public static final String DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER =
      "default.deserialization.exception.handler";

  /**
   * What to do when processing a record throws: {@code log-and-fail}, {@code log-and-continue}, or
   * the class name of a {@link ProcessingExceptionHandler}.
   */
  public static final String PROCESSING_EXCEPTION_HANDLER = "processing.exception.handler";

  /**
   * A configuration key.
   *
   * @param name the key
   * @param defaultValue its default, or null if it is required
   * @param doc what it means
   */
  public record Key(String name, String defaultValue, String doc) {}

  /** Every key of this class, with defaults and documentation (the README's table). */
  public static final List<Key> KEYS =
      List.of(
          new Key(
              APPLICATION_ID,
              null,
              "Required. Consumer group, internal topic prefix, state directory name."),
          new Key(LOG_BACKEND, "kafka", "The Log SPI backend: `kafka` or `memory`."),
          new Key(BOOTSTRAP_SERVERS, "", "`host:port,...` of the cluster (kafka backend)."),
          new Key(
              LOG_MEMORY_NAME, "default", "Which process-wide memory log to use (memory backend)."),
          new Key(
              STATE_DIR,
              System.getProperty("java.io.tmpdir") + "/runnel-streams",
              "Root of the task state directories."),
          new Key(COMMIT_INTERVAL_MS, "30000", "Milliseconds between commits."),
          new Key(POLL_MS, "100", "Milliseconds one poll of the input waits for records."),
          new Key(
              NUM_STREAM_THREADS,
              "1",
              "Stream threads per instance, each a group member with its own consumer and"
                  + " producer."),
          new Key(
              GROUP_INSTANCE_ID,
              "",
              "Static membership: thread `i` joins as `<group.instance.id>-<i>` and rejoins as"
                  + " itself after a restart (kafka backend). Empty: dynamic."),
          new Key(
              APPLICATION_SERVER,
              "",
              "`host:port` of this instance for interactive queries, shared through the group's"
                  + " assignment. Empty: none."),
          new Key(DEFAULT_KEY_SERDE, "bytearray", "Key serde where an operation names none."),
          new Key(DEFAULT_VALUE_SERDE, "bytearray", "Value serde where an operation names none."),
          new Key(
              DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER,
              "log-and-fail",
              "On a record that cannot be deserialized: `log-and-fail`, `log-and-continue`"
                  + " (skip it) or a `DeserializationExceptionHandler` class name."),
          new Key(
              PROCESSING_EXCEPTION_HANDLER,
              "log-and-fail",
              "When processing a record throws: `log-and-fail`, `log-and-continue` (skip it)"
                  + " or a `ProcessingExceptionHandler` class name."));

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:[0-9]{1,5}");

  private final Map<String, String> originals;
  private final String applicationId;
  private final Path stateDir;
  private final long commitIntervalMs;
  private final long pollMs;
  private final int numStreamThreads;
  private final String groupInstanceId;
  private final String applicationServer;
  private final Serde<?> defaultKeySerde;
  private final Serde<?> defaultValueSerde;
  private final StateConfig stateConfig;
  private final DeserializationExceptionHandler deserializationHandler;
  private final ProcessingExceptionHandler processingHandler;

  private StreamsConfig(Map<String, String> props) {
    this.originals = Map.copyOf(props);
    this.applicationId = props.get(APPLICATION_ID);
    if (applicationId == null || !ID.matcher(applicationId).matches()) {
      throw invalid(APPLICATION_ID, applicationId, "a name matching " + ID.pattern());
    }
    this.stateDir = Path.of(text(props, STATE_DIR));
    this.commitIntervalMs = nonNegative(props, COMMIT_INTERVAL_MS);
    this.pollMs = nonNegative(props, POLL_MS);
    String threads = text(props, NUM_STREAM_THREADS);
    try {
      this.numStreamThreads = Integer.parseInt(threads);
    } catch (NumberFormatException e) {
      throw invalid(NUM_STREAM_THREADS, threads, "a number of threads from 1 to 64");
    }
    if (numStreamThreads < 1 || numStreamThreads > 64) {
      throw invalid(NUM_STREAM_THREADS, threads, "a number of threads from 1 to 64");
    }
    String instanceId = text(props, GROUP_INSTANCE_ID);
    if (!instanceId.isEmpty() && !ID.matcher(instanceId).matches()) {
      throw invalid(GROUP_INSTANCE_ID, instanceId, "empty or a name matching " + ID.pattern());
    }
    this.groupInstanceId = instanceId.isEmpty() ? null : instanceId;
    String server = text(props, APPLICATION_SERVER);
    if (!server.isEmpty()
        && (!HOST_PORT.matcher(server).matches()
            || Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)) > 65535)) {
      throw invalid(APPLICATION_SERVER, server, "empty or host:port (for example 10.0.0.5:8080)");
    }
    this.applicationServer = server.isEmpty() ? null : server;
    String backend = text(props, LOG_BACKEND);
    if (!backend.equals("kafka") && !backend.equals("memory")) {
      throw invalid(LOG_BACKEND, backend, "kafka or memory");
    }
    if (backend.equals("kafka") && text(props, BOOTSTRAP_SERVERS).isBlank()) {
      throw invalid(BOOTSTRAP_SERVERS, "", "host:port,... when log.backend=kafka");
    }
    this.defaultKeySerde = serde(props, DEFAULT_KEY_SERDE);
    this.defaultValueSerde = serde(props, DEFAULT_VALUE_SERDE);
    this.stateConfig = StateConfig.from(props);
    this.deserializationHandler =
        handler(
            props,
            DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER,
            DeserializationExceptionHandler.class);
    this.processingHandler =
        handler(props, PROCESSING_EXCEPTION_HANDLER, ProcessingExceptionHandler.class);
  }

  /**
   * Reads and validates {@code props}.
   *
   * @throws IllegalArgumentException naming the key whose value is missing or bad
   */
  public static StreamsConfig from(Map<String, String> props) {
    return new StreamsConfig(props);
  }

  /** {@value #APPLICATION_ID}. */
  public String applicationId() {
    return applicationId;
  }

  /** {@value #STATE_DIR}. */
  public Path stateDir() {
    return stateDir;
  }

  /** {@value #COMMIT_INTERVAL_MS}. */
  public long commitIntervalMs() {
    return commitIntervalMs;
  }

  /** {@value #POLL_MS}. */
  public long pollMs() {
    return pollMs;
  }

  /** {@value #NUM_STREAM_THREADS}. */
  public int numStreamThreads() {
    return numStreamThreads;
  }

  /** {@value #GROUP_INSTANCE_ID}, or null for dynamic membership. */
  public String groupInstanceId() {
    return groupInstanceId;
  }

  /** {@value #APPLICATION_SERVER} ({@code host:port}), or null. */
  public String applicationServer() {
    return applicationServer;
  }

  /** {@value #DEFAULT_KEY_SERDE}, as a serde. */
  public Serde<?> defaultKeySerde() {
    return defaultKeySerde;
  }

  /** {@value #DEFAULT_VALUE_SERDE}, as a serde. */
  public Serde<?> defaultValueSerde() {
    return defaultValueSerde;
  }

  /** The state layer's configuration (RocksDB memory, record cache size, Kryo). */
  public StateConfig stateConfig() {
    return stateConfig;
  }

  /** {@value #DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER}, instantiated. */
  public DeserializationExceptionHandler deserializationExceptionHandler() {
    return deserializationHandler;
  }

  /** {@value #PROCESSING_EXCEPTION_HANDLER}, instantiated. */
  public ProcessingExceptionHandler processingExceptionHandler() {
    return processingHandler;
  }

  /** Every key and value given. */
  public Map<String, String> originals() {
    return originals;
  }

  private static String text(Map<String, String> props, String key) {
    String value = props.get(key);
    if (value != null) {
      return value.trim();
    }
    for (Key k : KEYS) {
      if (k.name().equals(key)) {
        return k.defaultValue();
      }
    }
    throw new IllegalStateException("no key " + key);
  }

  private static long nonNegative(Map<String, String> props, String key) {
    String text = text(props, key);
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, text, "a number of milliseconds >= 0");
  }

  private static Serde<?> serde(Map<String, String> props, String key) {
    Map<String, Serde<?>> known = new HashMap<>();
    known.put("string", Serdes.string());
    known.put("long", Serdes.longs());
    known.put("integer", Serdes.integers());
    known.put("double", Serdes.doubles());
    known.put("bytearray", Serdes.byteArray());
    known.put("uuid", Serdes.uuid());
    String name = text(props, key);
    Serde<?> serde = known.get(name);
    if (serde == null) {
      throw invalid(key, name, "one of " + known.keySet());
    }
    return serde;
  }

  private static <T> T handler(Map<String, String> props, String key, Class<T> type) {
    String name = text(props, key);
    switch (name) {
      case "log-and-fail":
        return type.cast(new LogAndFailExceptionHandler());
      case "log-and-continue":
        return type.cast(new LogAndContinueExceptionHandler());
      default:
        try {
          Class<?> c = Class.forName(name);
          if (!type.isAssignableFrom(c)) {
            throw invalid(key, name, "a class implementing " + type.getName());
          }
          return type.cast(c.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
          throw invalid(
              key,
              name,
              "log-and-fail, log-and-continue or a class with a public no-argument constructor ("
                  + e
                  + ")");
        }
    }
  }

  private static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(
        "invalid value '" + value + "' for config '" + key + "': expected " + expected);
  }
}
