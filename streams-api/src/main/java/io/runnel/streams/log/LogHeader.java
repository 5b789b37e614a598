package io.runnel.streams.log;

import java.util.Objects;

/**
 * One record header: a name and a value, as Kafka's record headers are. A record may carry several
 * headers with the same name; their order is kept.
 *
 * @param key the header's name, never null
 * @param value the header's bytes, or null
 */
public record LogHeader(String key, byte[] value) {

  /**
   * @throws NullPointerException if {@code key} is null
   */
  public LogHeader {
    Objects.requireNonNull(key, "header key");
  }
}
