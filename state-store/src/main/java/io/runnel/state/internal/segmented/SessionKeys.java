package io.runnel.state.internal.segmented;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The store key of a session store entry, also its changelog key:
 *
 * <pre>
 * +------------------+------------------+------------------+
 * | key (n bytes)    | session end (8)  | session start (8)|
 * +------------------+------------------+------------------+
 *   user key bytes     big-endian >= 0    big-endian >= 0
 * </pre>
 *
 * <p>One key's sessions are contiguous and ascending by end, then start, so a search for sessions
 * ending at or after a time seeks straight to them.
 */
public final class SessionKeys {
  /** Bytes after the user key. */
  public static final int SUFFIX = 2 * Long.BYTES;

  private SessionKeys() {}

  /** The store key of {@code key}'s session {@code [start, end]}. */
  public static byte[] toStoreKey(byte[] key, long start, long end) {
    return ByteBuffer.allocate(key.length + SUFFIX).put(key).putLong(end).putLong(start).array();
  }

  /** The user key of a store key. */
  public static byte[] key(byte[] storeKey) {
    return Arrays.copyOf(storeKey, storeKey.length - SUFFIX);
  }

  /** The session end of a store key. */
  public static long end(byte[] storeKey) {
    return ByteBuffer.wrap(storeKey).getLong(storeKey.length - SUFFIX);
  }

  /** The session start of a store key. */
  public static long start(byte[] storeKey) {
    return ByteBuffer.wrap(storeKey).getLong(storeKey.length - Long.BYTES);
  }

  /** Whether {@code storeKey} belongs to exactly {@code key}. */
  public static boolean isKey(byte[] storeKey, byte[] key) {
    return storeKey.length == key.length + SUFFIX
        && Arrays.equals(storeKey, 0, key.length, key, 0, key.length);
  }
}
