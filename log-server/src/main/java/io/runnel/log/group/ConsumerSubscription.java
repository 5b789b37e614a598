package io.runnel.log.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the subscribed topics out of a Kafka consumer's JoinGroup metadata (the "consumer"
 * protocol type's subscription), which is all the coordinator needs to know of it. Every version of
 * that subscription starts the same way, non-flexible and big-endian:
 *
 * <pre>
 *   int16  version
 *   int32  topic count
 *   topic count times: int16 length, UTF-8 topic name
 *   ...    user data, owned partitions, generation, rack (not read)
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class ConsumerSubscription {
  private ConsumerSubscription() {}

  /** The topics, or empty when the bytes are not a consumer subscription. */
  static Optional<List<String>> topics(byte[] metadata) {
    try {
      ByteBuffer b = ByteBuffer.wrap(metadata);
      short version = b.getShort();
      int count = b.getInt();
      if (version < 0 || count < 0 || count > b.remaining() / 2) {
        return Optional.empty();
      }
      List<String> topics = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        short length = b.getShort();
        if (length < 0 || length > b.remaining()) {
          return Optional.empty();
        }
        byte[] name = new byte[length];
        b.get(name);
        topics.add(new String(name, StandardCharsets.UTF_8));
      }
      return Optional.of(topics);
    } catch (BufferUnderflowException e) {
      return Optional.empty();
    }
  }
}
