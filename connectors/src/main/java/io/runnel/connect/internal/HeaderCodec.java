package io.runnel.connect.internal;

import io.runnel.connect.Header;
import io.runnel.streams.log.LogHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts connector headers (text values) to the log's headers (bytes) and back: the value is
 * UTF-8, null stays null, order and repeated names are kept. Stateless and thread-safe.
 */
public final class HeaderCodec {
  private HeaderCodec() {}

  /** The log headers of {@code headers}. */
  public static List<LogHeader> toLog(List<Header> headers) {
    if (headers.isEmpty()) {
      return List.of();
    }
    List<LogHeader> converted = new ArrayList<>(headers.size());
    for (Header h : headers) {
      converted.add(
          new LogHeader(
              h.key(), h.value() == null ? null : h.value().getBytes(StandardCharsets.UTF_8)));
    }
    return converted;
  }

  /** The connector headers of {@code headers}; values that are not UTF-8 text are decoded lossily. */
  public static List<Header> fromLog(List<LogHeader> headers) {
    if (headers.isEmpty()) {
      return List.of();
    }
    List<Header> converted = new ArrayList<>(headers.size());
    for (LogHeader h : headers) {
      converted.add(
          new Header(
              h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
    }
    return converted;
  }
}
