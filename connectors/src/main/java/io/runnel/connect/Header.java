package io.runnel.connect;

import java.util.Objects;

/**
 * A record header: a name and a text value (for example {@code host} and {@code file} on the
 * file-source's records).
 *
 * @param key the header name
 * @param value its value, or null
 */
public record Header(String key, String value) {
  /** Checks the name. */
  public Header {
    Objects.requireNonNull(key, "header key");
  }
}
