package io.runnel.log.server;

import io.runnel.log.storage.InvalidConfigException;
import io.runnel.log.storage.LogConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The topics of a single-node broker, one properties file each under {@code
 * <first log dir>/__runnel_metadata/topics/}, written atomically (temp file, fsync, rename).
 * The replicated cluster replaces this with the Ratis metadata quorum.
 *
 * <pre>
 *   id=&lt;uuid&gt;
 *   partitions=&lt;n&gt;
 *   config.&lt;key&gt;=&lt;value&gt;    one line per explicitly set topic config
 * </pre>
 *
 * Thread-safe: changes are serialized on this object; reads see a consistent map.
 */
public final class TopicRegistry {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final int MAX_NAME_LENGTH = 249;
  /** Each partition is a directory of open files: a request for more is a mistake, not a plan. */
  public static final int MAX_PARTITIONS = 10_000;

  private final Path dir;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  private TopicRegistry(Path dir) {
    this.dir = dir;
  }

  public static TopicRegistry open(Path metadataDir) {
    TopicRegistry registry = new TopicRegistry(metadataDir.resolve("topics"));
    registry.load();
    return registry;
  }

  private void load() {
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
          Properties p = new Properties();
          try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
          }
          String name = f.getFileName().toString().replaceFirst("\\.properties$", "");
          Map<String, String> configs = new TreeMap<>();
          for (String key : p.stringPropertyNames()) {
            if (key.startsWith("config.")) {
              configs.put(key.substring("config.".length()), p.getProperty(key));
            }
          }
          topics.put(name, new Topic(name, UUID.fromString(p.getProperty("id")),
              Integer.parseInt(p.getProperty("partitions")), configs));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the topic metadata in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Optional<Topic> get(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  public Collection<Topic> all() {
    return List.copyOf(topics.values());
  }

  /** Kafka's rule for topic names: 1 to 249 of [a-zA-Z0-9._-], not "." or "..". */
  public static void validateName(String name) {
    if (name == null || name.isEmpty()) {
      throw new MetadataException(MetadataException.Reason.INVALID_TOPIC, "a topic name cannot be empty");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new MetadataException(MetadataException.Reason.INVALID_TOPIC, "topic name '" + name + "' is not allowed");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new MetadataException(MetadataException.Reason.INVALID_TOPIC,
          "topic name is " + name.length() + " characters long; the limit is " + MAX_NAME_LENGTH);
    }
    if (!LEGAL.matcher(name).matches()) {
      throw new MetadataException(MetadataException.Reason.INVALID_TOPIC,
          "topic name '" + name + "' may only hold letters, digits, '.', '_' and '-'");
    }
  }

  /** Creates a topic, validating its name, partition count and configs. */
  public synchronized Topic create(String name, int partitions, Map<String, String> configs, LogConfig defaults) {
    validateName(name);
    if (topics.containsKey(name)) {
      throw new MetadataException(MetadataException.Reason.TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists");
    }
    if (partitions < 1) {
      throw new MetadataException(MetadataException.Reason.INVALID_PARTITIONS,
          "topic '" + name + "' needs at least 1 partition, not " + partitions);
    }
    checkPartitionLimit(name, partitions);
    validateConfigs(name, configs, defaults);
    Topic topic = new Topic(name, UUID.randomUUID(), partitions, configs);
    write(topic);
    topics.put(name, topic);
    return topic;
  }

  private static void checkPartitionLimit(String name, int partitions) {
    if (partitions > MAX_PARTITIONS) {
      throw new MetadataException(MetadataException.Reason.INVALID_PARTITIONS, "topic '" + name + "' asks for "
          + partitions + " partitions; a topic may have at most " + MAX_PARTITIONS);
    }
  }

  private static void validateConfigs(String name, Map<String, String> configs, LogConfig defaults) {
    try {
      defaults.with(configs);
    } catch (InvalidConfigException e) {
      throw new MetadataException(MetadataException.Reason.INVALID_CONFIG, "topic '" + name + "': " + e.getMessage());
    }
  }

  public synchronized Topic addPartitions(String name, int newCount) {
    Topic topic = require(name);
    if (newCount <= topic.partitions()) {
      throw new MetadataException(MetadataException.Reason.INVALID_PARTITIONS, "topic '" + name + "' has "
          + topic.partitions() + " partitions; the new count must be larger, not " + newCount);
    }
    checkPartitionLimit(name, newCount);
    Topic grown = new Topic(name, topic.id(), newCount, topic.configs());
    write(grown);
    topics.put(name, grown);
    return grown;
  }

  /** Replaces the explicit configs of a topic after validating them. */
  public synchronized Topic setConfigs(String name, Map<String, String> configs, LogConfig defaults) {
    Topic topic = require(name);
    validateConfigs(name, configs, defaults);
    Topic changed = new Topic(name, topic.id(), topic.partitions(), configs);
    write(changed);
    topics.put(name, changed);
    return changed;
  }

  public synchronized Topic delete(String name) {
    Topic topic = require(name);
    try {
      Files.deleteIfExists(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the metadata of topic '" + name + "'", e);
    }
    topics.remove(name);
    return topic;
  }

  private Topic require(String name) {
    Topic topic = topics.get(name);
    if (topic == null) {
      throw new MetadataException(MetadataException.Reason.UNKNOWN_TOPIC, "topic '" + name + "' does not exist");
    }
    return topic;
  }

  private Path file(String name) {
    return dir.resolve(name + ".properties");
  }

  private void write(Topic topic) {
    Properties p = new Properties();
    p.setProperty("id", topic.id().toString());
    p.setProperty("partitions", Integer.toString(topic.partitions()));
    topic.configs().forEach((k, v) -> p.setProperty("config." + k, v));
    Path tmp = dir.resolve(topic.name() + ".properties.tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "topic " + topic.name());
      }
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file(topic.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metadata of topic '" + topic.name() + "' in " + dir, e);
    }
  }
}
