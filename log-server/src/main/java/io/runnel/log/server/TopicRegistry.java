package io.runnel.log.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Topic names, and the topic files of a single-node Runnel from before the metadata quorum: one
 * properties file per topic under {@code <first log dir>/__runnel_metadata/topics/}, read once
 * when such a node first starts with the quorum ({@link Broker} moves them into it).
 *
 * <pre>
 *   id=&lt;uuid&gt;
 *   partitions=&lt;n&gt;
 *   config.&lt;key&gt;=&lt;value&gt;    one line per explicitly set topic config
 * </pre>
 *
 * Stateless.
 */
public final class TopicRegistry {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final int MAX_NAME_LENGTH = 249;
  /** Each partition is a directory of open files: a request for more is a mistake, not a plan. */
  public static final int MAX_PARTITIONS = io.runnel.log.cluster.MetadataImage.MAX_PARTITIONS;

  private TopicRegistry() {}

  /** The topics described by the files of {@code dir} (the legacy layout above). */
  public static List<Topic> readLegacy(Path dir) {
    List<Topic> topics = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".properties")).sorted().toList()) {
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
        topics.add(new Topic(name, UUID.fromString(p.getProperty("id")), Integer.parseInt(p.getProperty("partitions")),
            configs));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the topic metadata in " + dir + ": " + e.getMessage(), e);
    }
    return topics;
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
}
