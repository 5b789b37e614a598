package io.runnel.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test shorthand for byte keys and values, and for draining iterators into readable lists. */
public final class TestData {
  private TestData() {}

  /** UTF-8 bytes of {@code s}, wrapped. */
  public static Bytes key(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Raw bytes, wrapped. */
  public static Bytes key(int... unsignedBytes) {
    byte[] bytes = new byte[unsignedBytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) unsignedBytes[i];
    }
    return Bytes.wrap(bytes);
  }

  /** UTF-8 bytes of {@code s}. */
  public static byte[] value(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** UTF-8 text of {@code bytes}, or null. */
  public static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Drains and closes {@code iterator} into {@code "key=value"} strings (UTF-8 text). */
  public static List<String> drain(KeyValueIterator<Bytes, byte[]> iterator) {
    List<String> entries = new ArrayList<>();
    try (iterator) {
      while (iterator.hasNext()) {
        KeyValue<Bytes, byte[]> entry = iterator.next();
        entries.add(text(entry.key().get()) + "=" + text(entry.value()));
      }
    }
    return entries;
  }

  /** Drains and closes {@code iterator} into hexadecimal keys. */
  public static List<String> drainHexKeys(KeyValueIterator<Bytes, byte[]> iterator) {
    List<String> keys = new ArrayList<>();
    try (iterator) {
      while (iterator.hasNext()) {
        keys.add(HexFormat.of().formatHex(iterator.next().key().get()));
      }
    }
    return keys;
  }

  /** Drains and closes any iterator into {@code "key=value"} strings via {@code toString}. */
  public static <K, V> List<String> drainAny(
      KeyValueIterator<K, V> iterator,
      java.util.function.Function<K, String> keys,
      java.util.function.Function<V, String> values) {
    List<String> entries = new ArrayList<>();
    try (iterator) {
      while (iterator.hasNext()) {
        KeyValue<K, V> entry = iterator.next();
        entries.add(keys.apply(entry.key()) + "=" + values.apply(entry.value()));
      }
    }
    return entries;
  }
}
