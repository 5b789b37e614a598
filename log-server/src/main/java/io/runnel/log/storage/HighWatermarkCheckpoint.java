package io.runnel.log.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The high watermarks of the partitions in one log dir, in {@code replication-offset-checkpoint}
 * (Kafka's file of that name and layout):
 *
 * <pre>
 *   0                              version
 *   N                              number of entries
 *   &lt;topic&gt; &lt;partition&gt; &lt;offset&gt;   N lines, one per partition
 * </pre>
 *
 * A broker writes it every {@code replica.high.watermark.checkpoint.interval.ms} and when it stops,
 * so a restarted leader serves consumers what was committed before the restart instead of nothing
 * until every in-sync replica has fetched from it again. A checkpointed value is never above the
 * real high watermark (which only grows): at worst it is a few seconds old. Written whole to a
 * temporary file, fsynced, then renamed. A missing or damaged file reads as no entries (it only
 * costs that wait).
 */
final class HighWatermarkCheckpoint {
  static final String FILE_NAME = "replication-offset-checkpoint";
  private static final Logger LOG = LoggerFactory.getLogger(HighWatermarkCheckpoint.class);

  private HighWatermarkCheckpoint() {}

  static Map<TopicPartition, Long> read(Path logDir) {
    Path file = logDir.resolve(FILE_NAME);
    Map<TopicPartition, Long> out = new HashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() < 2 || !lines.get(0).trim().equals("0")) {
        throw new IllegalArgumentException("no version 0 header");
      }
      int count = Integer.parseInt(lines.get(1).trim());
      if (lines.size() < 2 + count) {
        throw new IllegalArgumentException(count + " entries announced, " + (lines.size() - 2) + " present");
      }
      for (int i = 0; i < count; i++) {
        String[] fields = lines.get(2 + i).trim().split(" ");
        if (fields.length != 3) {
          throw new IllegalArgumentException("line " + (3 + i) + " is not '<topic> <partition> <offset>'");
        }
        out.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
      }
      return out;
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignoring {} ({}): restarted leaders serve consumers new records only once their in-sync replicas"
          + " have fetched again", file, e.getMessage());
      return Map.of();
    }
  }

  static void write(Path logDir, Map<TopicPartition, Long> highWatermarks) {
    StringBuilder text = new StringBuilder("0\n").append(highWatermarks.size()).append('\n');
    highWatermarks.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition)))
        .forEach(e -> text.append(e.getKey().topic()).append(' ').append(e.getKey().partition()).append(' ')
            .append(e.getValue()).append('\n'));
    AtomicTextFile.write(logDir.resolve(FILE_NAME), text.toString());
  }
}
