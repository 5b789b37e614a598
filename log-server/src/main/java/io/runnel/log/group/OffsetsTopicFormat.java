package io.runnel.log.group;

import io.runnel.log.storage.TopicPartition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The records of the offsets topic ({@code __consumer_offsets}): Runnel's own layout, not Kafka's.
 * Integers are big-endian; a {@code string} is an int16 byte length and UTF-8 bytes (length -1:
 * null); {@code bytes} is an int32 length and the bytes (length -1: null).
 *
 * <pre>
 *  key of a committed offset           key of a group's metadata
 *    int16  type = 1                     int16  type = 2
 *    string groupId                      string groupId
 *    string topic
 *    int32  partition
 *
 *  value of a committed offset (null value: the offset was deleted)
 *    int16  version = 1
 *    int64  offset
 *    int32  leaderEpoch                  -1 when unknown
 *    string metadata                     nullable
 *    int64  commitTimestampMs
 *
 *  value of a group's metadata (null value: the group was deleted)
 *    int16  version = 1
 *    string protocolType                 "" for a group that only commits offsets
 *    int32  generationId
 *    string protocolName                 null when the group has no members
 *    string leaderId                     null when the group has no members
 *    int64  timestampMs                  when the generation was written
 *    int32  memberCount
 *    memberCount times:
 *      string memberId
 *      string groupInstanceId            nullable (not a static member)
 *      string clientId
 *      string clientHost
 *      int32  rebalanceTimeoutMs
 *      int32  sessionTimeoutMs
 *      bytes  subscription               the member's metadata for protocolName
 *      bytes  assignment                 what the leader assigned it
 * </pre>
 *
 * <p>Recovery rule: records are replayed in log order; a record replaces the earlier one with the
 * same key, a tombstone removes it (compaction keeps only the last of each key, so replay after
 * compaction gives the same state). A key type this version does not know is skipped (a newer
 * Runnel wrote it); a known key with an unknown value version, or bytes that do not parse, stop the
 * load with {@link GroupStoreException}: answering from state that was not loaded is never right.
 *
 * <p>Stateless and thread-safe.
 */
final class OffsetsTopicFormat {
  static final short OFFSET_KEY = 1;
  static final short GROUP_KEY = 2;
  static final short VALUE_VERSION = 1;

  private OffsetsTopicFormat() {}

  /** A decoded record of the offsets topic. */
  sealed interface Entry permits OffsetEntry, GroupEntry {
    String groupId();
  }

  /** A committed offset; {@code offset} null: deleted (tombstone). */
  record OffsetEntry(String groupId, TopicPartition partition, CommittedOffset offset, long commitTimestampMs)
      implements Entry {}

  /** A group's metadata as of its last generation; {@code group} null: deleted (tombstone). */
  record GroupEntry(String groupId, GroupSnapshot group) implements Entry {}

  /** A group's persisted state. */
  record GroupSnapshot(String protocolType, int generationId, String protocolName, String leaderId,
      long timestampMs, List<StoredMember> members) {
    GroupSnapshot {
      members = List.copyOf(members);
    }
  }

  /** A member's persisted state. */
  record StoredMember(String memberId, String groupInstanceId, String clientId, String clientHost,
      int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {

    @Override
    public boolean equals(Object o) {
      return o instanceof StoredMember m && memberId.equals(m.memberId)
          && Objects.equals(groupInstanceId, m.groupInstanceId) && clientId.equals(m.clientId)
          && clientHost.equals(m.clientHost) && rebalanceTimeoutMs == m.rebalanceTimeoutMs
          && sessionTimeoutMs == m.sessionTimeoutMs && Arrays.equals(subscription, m.subscription)
          && Arrays.equals(assignment, m.assignment);
    }

    @Override
    public int hashCode() {
      return memberId.hashCode();
    }
  }

  static byte[] key(Entry entry) {
    if (entry instanceof OffsetEntry o) {
      Writer w = new Writer();
      w.int16(OFFSET_KEY);
      w.string(o.groupId());
      w.string(o.partition().topic());
      w.int32(o.partition().partition());
      return w.toBytes();
    }
    Writer w = new Writer();
    w.int16(GROUP_KEY);
    w.string(entry.groupId());
    return w.toBytes();
  }

  /** The value bytes, or null for a tombstone. */
  static byte[] value(Entry entry) {
    if (entry instanceof OffsetEntry o) {
      if (o.offset() == null) {
        return null;
      }
      Writer w = new Writer();
      w.int16(VALUE_VERSION);
      w.int64(o.offset().offset());
      w.int32(o.offset().leaderEpoch());
      w.string(o.offset().metadata());
      w.int64(o.commitTimestampMs());
      return w.toBytes();
    }
    GroupSnapshot g = ((GroupEntry) entry).group();
    if (g == null) {
      return null;
    }
    Writer w = new Writer();
    w.int16(VALUE_VERSION);
    w.string(g.protocolType());
    w.int32(g.generationId());
    w.string(g.protocolName());
    w.string(g.leaderId());
    w.int64(g.timestampMs());
    w.int32(g.members().size());
    for (StoredMember m : g.members()) {
      w.string(m.memberId());
      w.string(m.groupInstanceId());
      w.string(m.clientId());
      w.string(m.clientHost());
      w.int32(m.rebalanceTimeoutMs());
      w.int32(m.sessionTimeoutMs());
      w.bytes(m.subscription());
      w.bytes(m.assignment());
    }
    return w.toBytes();
  }

  /**
   * Decodes a record; null when its key type is unknown to this version.
   *
   * @throws GroupStoreException when the bytes do not parse or the value version is unknown
   */
  static Entry decode(byte[] key, byte[] value) {
    if (key == null) {
      throw new GroupStoreException("a record without a key");
    }
    try {
      ByteBuffer k = ByteBuffer.wrap(key);
      short type = k.getShort();
      if (type == OFFSET_KEY) {
        String group = string(k);
        String topic = string(k);
        int partition = k.getInt();
        checkConsumed(k, "offset key");
        TopicPartition tp = new TopicPartition(topic, partition);
        if (value == null) {
          return new OffsetEntry(group, tp, null, -1);
        }
        ByteBuffer v = ByteBuffer.wrap(value);
        checkVersion(v, "offset of group '" + group + "' for " + tp);
        CommittedOffset offset = new CommittedOffset(v.getLong(), v.getInt(), string(v));
        long timestamp = v.getLong();
        return new OffsetEntry(group, tp, offset, timestamp);
      }
      if (type == GROUP_KEY) {
        String group = string(k);
        checkConsumed(k, "group key");
        if (value == null) {
          return new GroupEntry(group, null);
        }
        ByteBuffer v = ByteBuffer.wrap(value);
        checkVersion(v, "metadata of group '" + group + "'");
        String protocolType = string(v);
        int generation = v.getInt();
        String protocolName = string(v);
        String leader = string(v);
        long timestamp = v.getLong();
        int count = v.getInt();
        if (count < 0 || count > v.remaining()) {
          throw new GroupStoreException("the metadata of group '" + group + "' claims " + count + " members");
        }
        List<StoredMember> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          members.add(new StoredMember(string(v), string(v), string(v), string(v), v.getInt(), v.getInt(),
              bytes(v), bytes(v)));
        }
        if (!members.isEmpty() && protocolName == null) {
          throw new GroupStoreException("the metadata of group '" + group + "' has members but no protocol");
        }
        return new GroupEntry(group, new GroupSnapshot(protocolType, generation, protocolName, leader, timestamp,
            members));
      }
      return null;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new GroupStoreException("a malformed record: " + e, e);
    }
  }

  private static void checkVersion(ByteBuffer v, String what) {
    short version = v.getShort();
    if (version != VALUE_VERSION) {
      throw new GroupStoreException("the " + what + " has value version " + version + ", which this version of "
          + "Runnel does not know (it writes version " + VALUE_VERSION + "); run the newer version that wrote it");
    }
  }

  private static void checkConsumed(ByteBuffer b, String what) {
    if (b.hasRemaining()) {
      throw new GroupStoreException("a malformed " + what + ": " + b.remaining() + " bytes left over");
    }
  }

  private static String string(ByteBuffer b) {
    short length = b.getShort();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer b) {
    int length = b.getInt();
    if (length < 0) {
      return null;
    }
    if (length > b.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] bytes = new byte[length];
    b.get(bytes);
    return bytes;
  }

  /** A growable big-endian buffer. */
  private static final class Writer {
    private ByteBuffer buffer = ByteBuffer.allocate(64);

    void int16(int v) {
      ensure(2).putShort((short) v);
    }

    void int32(int v) {
      ensure(4).putInt(v);
    }

    void int64(long v) {
      ensure(8).putLong(v);
    }

    void string(String s) {
      if (s == null) {
        int16(-1);
        return;
      }
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > Short.MAX_VALUE) {
        throw new IllegalArgumentException("a string of " + bytes.length + " bytes is too long for the offsets "
            + "topic (at most " + Short.MAX_VALUE + "): '" + s.substring(0, 40) + "...'");
      }
      int16(bytes.length);
      ensure(bytes.length).put(bytes);
    }

    void bytes(byte[] b) {
      if (b == null) {
        int32(-1);
        return;
      }
      int32(b.length);
      ensure(b.length).put(b);
    }

    private ByteBuffer ensure(int n) {
      if (buffer.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + n));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
      return buffer;
    }

    byte[] toBytes() {
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }
}
