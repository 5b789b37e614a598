package io.runnel.state;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable view of a byte array used as a store key: equality by content and ordering by
 * unsigned lexicographic comparison, the order RocksDB's default bytewise comparator uses, so an
 * in-memory store iterates in the same order as a RocksDB store.
 *
 * <p>The array is not copied: callers must not change an array after wrapping it. Instances are
 * safe to share between threads once published.
 */
public final class Bytes implements Comparable<Bytes> {
  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** Wraps an array without copying it; returns null for null. */
  public static Bytes wrap(byte[] bytes) {
    return bytes == null ? null : new Bytes(bytes);
  }

  /** The wrapped array (not a copy). */
  public byte[] get() {
    return bytes;
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** Whether these bytes start with {@code prefix}. */
  public boolean startsWith(byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Unsigned lexicographic order: {@code 0x01 < 0x7f < 0x80 < 0xff}, and a prefix sorts first. */
  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      // Racy caching is fine: every thread computes the same value.
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Hexadecimal, for messages and debugging. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
