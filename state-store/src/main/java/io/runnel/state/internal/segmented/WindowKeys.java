package io.runnel.state.internal.segmented;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The store key of a window store entry, also its changelog key:
 *
 * <pre>
 * +------------------+----------------------+
 * | key (n bytes)    | window start (8)     |
 * +------------------+----------------------+
 *   user key bytes     big-endian long >= 0
 * </pre>
 *
 * <p>Non-negative big-endian longs sort unsigned in numeric order, so one key's windows are
 * contiguous and ascending by start. The key length is the store key's length minus 8.
 */
public final class WindowKeys {
  /** Bytes after the user key. */
  public static final int SUFFIX = Long.BYTES;

  private WindowKeys() {}

  /** The store key of {@code key}'s window starting at {@code start}. */
  public static byte[] toStoreKey(byte[] key, long start) {
    return ByteBuffer.allocate(key.length + SUFFIX).put(key).putLong(start).array();
  }

  /** The user key of a store key. */
  public static byte[] key(byte[] storeKey) {
    return Arrays.copyOf(storeKey, storeKey.length - SUFFIX);
  }

  /** The window start of a store key. */
  public static long start(byte[] storeKey) {
    return ByteBuffer.wrap(storeKey).getLong(storeKey.length - SUFFIX);
  }

  /** Whether {@code storeKey} belongs to exactly {@code key}. */
  public static boolean isKey(byte[] storeKey, byte[] key) {
    return storeKey.length == key.length + SUFFIX
        && Arrays.equals(storeKey, 0, key.length, key, 0, key.length);
  }

  /** An upper bound, in store key order, for every store key of user keys up to {@code key}. */
  public static byte[] upperBound(byte[] key, int suffixBytes) {
    byte[] bound = Arrays.copyOf(key, key.length + suffixBytes);
    Arrays.fill(bound, key.length, bound.length, (byte) 0xFF);
    return bound;
  }
}
