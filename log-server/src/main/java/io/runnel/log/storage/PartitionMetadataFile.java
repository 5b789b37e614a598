package io.runnel.log.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The topic id of the partition a log directory belongs to, in {@code partition.metadata} (Kafka's
 * file of that name and layout):
 *
 * <pre>
 *   version: 0
 *   topic_id: &lt;the id's 16 bytes in URL-safe base64 without padding, as Kafka prints a Uuid&gt;
 * </pre>
 *
 * A directory is named after the topic's name, which a deleted and re-created topic shares with
 * the old one; the id tells them apart, so a node that was down meanwhile does not serve the old
 * topic's records as the new one's. Written whole to a temporary file, fsynced, then renamed. A
 * missing file (a log from before this file existed) reads as no id; an unreadable one is an error
 * naming the file, never a guess.
 */
final class PartitionMetadataFile {
  static final String FILE_NAME = "partition.metadata";
  private static final String VERSION = "version: 0";
  private static final String TOPIC_ID = "topic_id: ";

  private PartitionMetadataFile() {}

  static Optional<UUID> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
      if (lines.length < 2 || !lines[0].trim().equals(VERSION) || !lines[1].startsWith(TOPIC_ID)) {
        throw new StorageException(file + " is not a version 0 partition.metadata file (\"" + VERSION + "\" then \""
            + TOPIC_ID + "<id>\"); move the partition directory aside and let the partition re-replicate");
      }
      return Optional.of(decode(lines[1].substring(TOPIC_ID.length()).trim(), file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static void write(Path dir, UUID topicId) {
    AtomicTextFile.write(dir.resolve(FILE_NAME), VERSION + "\n" + TOPIC_ID + encode(topicId) + "\n");
  }

  static String encode(UUID id) {
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  private static UUID decode(String text, Path file) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    if (bytes.length != 16) {
      throw new StorageException(file + " holds the topic id '" + text + "', which is not 16 bytes of base64;"
          + " move the partition directory aside and let the partition re-replicate");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new UUID(b.getLong(), b.getLong());
  }
}
