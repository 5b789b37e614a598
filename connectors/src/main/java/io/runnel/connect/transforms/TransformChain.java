package io.runnel.connect.transforms;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ConnectRecord;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.RetriableException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The transforms a connector's configuration names, in order, each with its optional predicate:
 *
 * <pre>
 * transforms=dropTombstones,route
 * transforms.dropTombstones.type=filter
 * transforms.dropTombstones.predicate=isTombstone
 * transforms.route.type=regex-router
 * transforms.route.regex=(.*)-raw
 * transforms.route.replacement=$1
 * predicates=isTombstone
 * predicates.isTombstone.type=record-is-tombstone
 * </pre>
 *
 * <p>A {@code type} is a short name ({@code insert-field}, {@code mask-field}, {@code
 * replace-field}, {@code rename-field}, {@code filter}, {@code regex-router}, {@code
 * timestamp-router}; predicates {@code topic-name-matches}, {@code has-header-key}, {@code
 * record-is-tombstone}), the simple name of a built-in, Kafka Connect's class name of the same
 * transform (for example {@code org.apache.kafka.connect.transforms.InsertField$Value}), or the
 * class name of any {@link Transformation} or {@link Predicate}. Keys a transform does not know are
 * errors, so a misspelt key is caught at start.
 *
 * <p>Not thread-safe: a task's thread owns its chain.
 *
 * @param <R> the record type
 */
public final class TransformChain<R extends ConnectRecord<R>> {
  /** The connector key listing the transforms, in the order they apply. */
  public static final String TRANSFORMS = "transforms";

  /** The connector key listing the predicates. */
  public static final String PREDICATES = "predicates";

  private static final String KAFKA = "org.apache.kafka.connect.transforms.";
  private static final String OURS = "io.runnel.connect.transforms.";
  private static final Map<String, String> ALIASES = new HashMap<>();

  static {
    alias("InsertField", "insert-field", KAFKA + "InsertField$Value");
    alias("MaskField", "mask-field", KAFKA + "MaskField$Value");
    alias("ReplaceField", "replace-field", KAFKA + "ReplaceField$Value");
    ALIASES.put("rename-field", OURS + "ReplaceField");
    alias("Filter", "filter", KAFKA + "Filter");
    alias("RegexRouter", "regex-router", KAFKA + "RegexRouter");
    alias("TimestampRouter", "timestamp-router", KAFKA + "TimestampRouter");
    alias("TopicNameMatches", "topic-name-matches", KAFKA + "predicates.TopicNameMatches");
    alias("HasHeaderKey", "has-header-key", KAFKA + "predicates.HasHeaderKey");
    alias("RecordIsTombstone", "record-is-tombstone", KAFKA + "predicates.RecordIsTombstone");
  }

  private static void alias(String simpleName, String shortName, String kafkaName) {
    for (String name : List.of(simpleName, shortName, kafkaName)) {
      ALIASES.put(name, OURS + simpleName);
    }
  }

  private record Step<R extends ConnectRecord<R>>(
      String name, Transformation<R> transform, Predicate<R> predicate, boolean negate) {}

  /** A transform or its predicate failed on a record; names the transform. */
  public static final class TransformException extends ConnectException {
    private static final long serialVersionUID = 1L;

    private final transient Class<?> transformClass;

    TransformException(String name, Class<?> transformClass, RuntimeException cause) {
      super("transform '" + name + "' failed: " + cause.getMessage(), cause);
      this.transformClass = transformClass;
    }

    /** The class of the transform that failed. */
    public Class<?> transformClass() {
      return transformClass;
    }
  }

  private final List<Step<R>> steps;

  private TransformChain(List<Step<R>> steps) {
    this.steps = List.copyOf(steps);
  }

  /**
   * The chain named by {@code connectorConfig}'s {@code transforms} and {@code predicates} keys,
   * created and configured.
   *
   * @throws ConfigException naming the bad key (for example {@code transforms.route.regex})
   */
  public static <R extends ConnectRecord<R>> TransformChain<R> of(
      Map<String, String> connectorConfig) {
    ParsedConfig lists =
        new ConfigDef()
            .define(TRANSFORMS, ConfigDef.Type.LIST, "", "transform names, in order")
            .define(PREDICATES, ConfigDef.Type.LIST, "", "predicate names")
            .parse(connectorConfig);
    Map<String, Predicate<R>> predicates = new LinkedHashMap<>();
    for (String name : lists.getList(PREDICATES)) {
      String prefix = PREDICATES + "." + name + ".";
      Predicate<R> predicate = create(connectorConfig, prefix, Predicate.class);
      try {
        predicate.configure(parse(connectorConfig, prefix, predicate.config(), Set.of("type")));
      } catch (ConfigException e) {
        throw new ConfigException(prefix + e.key(), e.reason());
      }
      predicates.put(name, predicate);
    }
    List<Step<R>> steps = new ArrayList<>();
    for (String name : lists.getList(TRANSFORMS)) {
      String prefix = TRANSFORMS + "." + name + ".";
      Transformation<R> transform = create(connectorConfig, prefix, Transformation.class);
      try {
        transform.configure(
            parse(connectorConfig, prefix, transform.config(), Set.of("type", "predicate", "negate")));
      } catch (ConfigException e) {
        throw new ConfigException(prefix + e.key(), e.reason());
      }
      String predicateName = connectorConfig.getOrDefault(prefix + "predicate", "").trim();
      Predicate<R> predicate = null;
      if (!predicateName.isEmpty()) {
        predicate = predicates.get(predicateName);
        if (predicate == null) {
          throw new ConfigException(
              prefix + "predicate",
              "no predicate '" + predicateName + "' is listed in '" + PREDICATES + "'");
        }
      }
      boolean negate =
          new ConfigDef()
              .define(prefix + "negate", ConfigDef.Type.BOOLEAN, "false", "invert the predicate")
              .parse(connectorConfig)
              .getBoolean(prefix + "negate");
      if (negate && predicate == null) {
        throw new ConfigException(prefix + "negate", "needs " + prefix + "predicate");
      }
      steps.add(new Step<>(name, transform, predicate, negate));
    }
    return new TransformChain<>(steps);
  }

  /** True if the configuration names no transform. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /**
   * Applies each transform whose predicate (if any) holds, in order.
   *
   * @return the transformed record, or null if a transform dropped it
   * @throws TransformException naming the transform that cannot handle the record
   * @throws RetriableException as a transform threw it
   */
  public R apply(R record) {
    R current = record;
    for (Step<R> step : steps) {
      try {
        if (step.predicate() == null || step.predicate().test(current) != step.negate()) {
          current = step.transform().apply(current);
          if (current == null) {
            return null;
          }
        }
      } catch (RetriableException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TransformException(step.name(), step.transform().getClass(), e);
      }
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static <T> T create(Map<String, String> config, String prefix, Class<?> kind) {
    String key = prefix + "type";
    String type = config.getOrDefault(key, "").trim();
    if (type.isEmpty()) {
      throw new ConfigException(key, "required, not set (a " + kind.getSimpleName() + ")");
    }
    String className = ALIASES.getOrDefault(type, type);
    Object created;
    try {
      created = Class.forName(className).getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          key,
          "no "
              + kind.getSimpleName()
              + " '"
              + type
              + "': use a short name ("
              + shortNames()
              + ") or a class name");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new ConfigException(key, "cannot create " + className + ": " + cause);
    }
    if (!kind.isInstance(created)) {
      throw new ConfigException(key, className + " is not a " + kind.getName());
    }
    return (T) created;
  }

  private static String shortNames() {
    Set<String> names = new TreeSet<>();
    for (String alias : ALIASES.keySet()) {
      if (alias.contains("-")) {
        names.add(alias);
      }
    }
    return String.join(", ", names);
  }

  /**
   * The keys under {@code prefix}, without it, validated against {@code def}; unknown keys are
   * errors. Errors name the key without the prefix; the caller adds it.
   */
  private static ParsedConfig parse(
      Map<String, String> config, String prefix, ConfigDef def, Set<String> chainKeys) {
    Map<String, String> own = new HashMap<>();
    for (Map.Entry<String, String> e : config.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        own.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    Set<String> known = new TreeSet<>(chainKeys);
    def.keys().forEach(k -> known.add(k.name()));
    for (String key : own.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(key, "unknown key; known keys: " + known);
      }
    }
    return def.parse(own);
  }
}
