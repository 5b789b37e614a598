package io.runnel.log.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The topic-level settings of a partition log, with Kafka's names and defaults. Built from string
 * properties, validated once: an unknown key or a bad value gives {@link InvalidConfigException}
 * naming the key. Immutable and thread-safe; a config change replaces the whole object.
 */
public final class LogConfig {

  /** A documented setting: its name, default and allowed range. */
  public record Key(String name, long defaultValue, long min, long max, String doc) {}

  public static final String CLEANUP_POLICY = "cleanup.policy";
  public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
  /** CreateTime keeps the producer's timestamps; LogAppendTime stamps each batch when it is appended. */
  public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";

  public static final Key SEGMENT_BYTES = new Key("segment.bytes", 1L << 30, RecordBatch.HEADER_SIZE,
      Integer.MAX_VALUE, "Roll a new segment file when the active one would grow past this many bytes.");
  public static final Key SEGMENT_MS = new Key("segment.ms", 7L * 24 * 3600 * 1000, 1, Long.MAX_VALUE,
      "Roll a new segment when the active one is older than this (ms since its first append).");
  public static final Key INDEX_INTERVAL_BYTES = new Key("index.interval.bytes", 4096, 0, Integer.MAX_VALUE,
      "Bytes of log between two entries of the sparse offset and time indexes.");
  public static final Key FLUSH_MESSAGES = new Key("flush.messages", Long.MAX_VALUE, 1, Long.MAX_VALUE,
      "fsync the log after this many records; 1 makes every acknowledged append durable on disk.");
  public static final Key FLUSH_MS = new Key("flush.ms", Long.MAX_VALUE, 0, Long.MAX_VALUE,
      "fsync the log when its oldest unflushed append is this old (checked by the log manager).");
  public static final Key RETENTION_MS = new Key("retention.ms", 7L * 24 * 3600 * 1000, -1, Long.MAX_VALUE,
      "Delete a segment once its newest record is older than this; -1 keeps data forever.");
  public static final Key RETENTION_BYTES = new Key("retention.bytes", -1, -1, Long.MAX_VALUE,
      "Delete the oldest segments while the partition is larger than this; -1 means no size limit.");
  public static final Key DELETE_RETENTION_MS = new Key("delete.retention.ms", 24L * 3600 * 1000, 0,
      Long.MAX_VALUE, "On a compacted topic, how long a tombstone is kept (from its timestamp).");
  public static final Key MIN_COMPACTION_LAG_MS = new Key("min.compaction.lag.ms", 0, 0, Long.MAX_VALUE,
      "A segment is compacted only once its newest record is at least this old.");
  public static final Key MAX_MESSAGE_BYTES = new Key("max.message.bytes", 1048588, 0, Integer.MAX_VALUE,
      "The largest record batch the log accepts, in bytes.");
  public static final Key FILE_DELETE_DELAY_MS = new Key("file.delete.delay.ms", 60000, 0, Long.MAX_VALUE,
      "How long a deleted or replaced segment file stays readable for fetches already under way.");
  public static final Key MIN_INSYNC_REPLICAS = new Key("min.insync.replicas", 1, 1, Integer.MAX_VALUE,
      "With acks=all, the fewest in-sync replicas (leader included) a produce needs; fewer gives"
      + " NOT_ENOUGH_REPLICAS and nothing is written.");

  /** The numeric keys, in documentation order. */
  public static final List<Key> NUMERIC_KEYS = List.of(SEGMENT_BYTES, SEGMENT_MS, INDEX_INTERVAL_BYTES,
      FLUSH_MESSAGES, FLUSH_MS, RETENTION_MS, RETENTION_BYTES, DELETE_RETENTION_MS,
      MIN_COMPACTION_LAG_MS, MAX_MESSAGE_BYTES, FILE_DELETE_DELAY_MS, MIN_INSYNC_REPLICAS);

  private static final Set<String> POLICIES = Set.of("delete", "compact");

  private final Map<String, String> originals;
  private final Map<String, Long> values;
  private final boolean delete;
  private final boolean compact;
  private final double minCleanableDirtyRatio;
  private final boolean logAppendTime;

  private LogConfig(Map<String, String> originals) {
    this.originals = Collections.unmodifiableMap(new TreeMap<>(originals));
    Map<String, Long> parsed = new LinkedHashMap<>();
    for (Key key : NUMERIC_KEYS) {
      parsed.put(key.name(), parseLong(key, originals.get(key.name())));
    }
    for (String name : originals.keySet()) {
      if (!parsed.containsKey(name) && !name.equals(CLEANUP_POLICY) && !name.equals(MIN_CLEANABLE_DIRTY_RATIO)
          && !name.equals(MESSAGE_TIMESTAMP_TYPE)) {
        throw new InvalidConfigException("unknown topic config '" + name + "'; known configs are "
            + names());
      }
    }
    this.values = parsed;
    String policy = originals.getOrDefault(CLEANUP_POLICY, "delete").trim();
    boolean d = false;
    boolean c = false;
    for (String p : policy.split(",")) {
      String name = p.trim();
      if (!POLICIES.contains(name)) {
        throw new InvalidConfigException("invalid value '" + policy + "' for topic config " + CLEANUP_POLICY
            + ": use delete, compact, or compact,delete");
      }
      d |= name.equals("delete");
      c |= name.equals("compact");
    }
    this.delete = d;
    this.compact = c;
    String timestampType = originals.getOrDefault(MESSAGE_TIMESTAMP_TYPE, "CreateTime").trim();
    if (!timestampType.equals("CreateTime") && !timestampType.equals("LogAppendTime")) {
      throw new InvalidConfigException("invalid value '" + timestampType + "' for topic config "
          + MESSAGE_TIMESTAMP_TYPE + ": use CreateTime or LogAppendTime");
    }
    this.logAppendTime = timestampType.equals("LogAppendTime");
    String ratio = originals.getOrDefault(MIN_CLEANABLE_DIRTY_RATIO, "0.5").trim();
    try {
      this.minCleanableDirtyRatio = Double.parseDouble(ratio);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException("invalid value '" + ratio + "' for topic config "
          + MIN_CLEANABLE_DIRTY_RATIO + ": must be a number from 0 to 1");
    }
    if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
      throw new InvalidConfigException("invalid value '" + ratio + "' for topic config "
          + MIN_CLEANABLE_DIRTY_RATIO + ": must be a number from 0 to 1");
    }
  }

  private static long parseLong(Key key, String text) {
    if (text == null) {
      return key.defaultValue();
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigException("invalid value '" + text + "' for topic config " + key.name()
          + ": must be a whole number from " + key.min() + " to " + key.max());
    }
    if (value < key.min() || value > key.max()) {
      throw new InvalidConfigException("invalid value '" + text + "' for topic config " + key.name()
          + ": must be from " + key.min() + " to " + key.max());
    }
    return value;
  }

  /** Every config name this class knows. */
  public static List<String> names() {
    List<String> names = new java.util.ArrayList<>();
    for (Key key : NUMERIC_KEYS) {
      names.add(key.name());
    }
    names.add(CLEANUP_POLICY);
    names.add(MIN_CLEANABLE_DIRTY_RATIO);
    names.add(MESSAGE_TIMESTAMP_TYPE);
    return names;
  }

  /** Validates {@code properties} and builds the config; missing keys take their defaults. */
  public static LogConfig of(Map<String, String> properties) {
    return new LogConfig(properties);
  }

  public static LogConfig defaults() {
    return of(Map.of());
  }

  /** A copy with {@code overrides} applied on top of this config's explicit values. */
  public LogConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(originals);
    merged.putAll(overrides);
    return of(merged);
  }

  /** The values set explicitly, as given. */
  public Map<String, String> originals() {
    return originals;
  }

  /** The effective value of any known config, as a string (for DescribeConfigs). */
  public String valueOf(String name) {
    if (name.equals(CLEANUP_POLICY)) {
      return delete && compact ? "compact,delete" : compact ? "compact" : "delete";
    }
    if (name.equals(MIN_CLEANABLE_DIRTY_RATIO)) {
      return Double.toString(minCleanableDirtyRatio);
    }
    if (name.equals(MESSAGE_TIMESTAMP_TYPE)) {
      return logAppendTime ? "LogAppendTime" : "CreateTime";
    }
    Long value = values.get(name);
    if (value == null) {
      throw new InvalidConfigException("unknown topic config '" + name + "'");
    }
    return Long.toString(value);
  }

  public long get(Key key) {
    return values.get(key.name());
  }

  public int segmentBytes() {
    return (int) get(SEGMENT_BYTES);
  }

  public long segmentMs() {
    return get(SEGMENT_MS);
  }

  public int indexIntervalBytes() {
    return (int) get(INDEX_INTERVAL_BYTES);
  }

  public long flushMessages() {
    return get(FLUSH_MESSAGES);
  }

  public long flushMs() {
    return get(FLUSH_MS);
  }

  public long retentionMs() {
    return get(RETENTION_MS);
  }

  public long retentionBytes() {
    return get(RETENTION_BYTES);
  }

  public long deleteRetentionMs() {
    return get(DELETE_RETENTION_MS);
  }

  public long minCompactionLagMs() {
    return get(MIN_COMPACTION_LAG_MS);
  }

  public int maxMessageBytes() {
    return (int) get(MAX_MESSAGE_BYTES);
  }

  public long fileDeleteDelayMs() {
    return get(FILE_DELETE_DELAY_MS);
  }

  /** With acks=all, the fewest in-sync replicas a produce needs. */
  public int minInsyncReplicas() {
    return (int) get(MIN_INSYNC_REPLICAS);
  }

  public boolean deleteEnabled() {
    return delete;
  }

  public boolean compactEnabled() {
    return compact;
  }

  /** True when the topic's message.timestamp.type is LogAppendTime. */
  public boolean logAppendTime() {
    return logAppendTime;
  }

  public double minCleanableDirtyRatio() {
    return minCleanableDirtyRatio;
  }

  @Override
  public String toString() {
    return "LogConfig" + originals;
  }
}
