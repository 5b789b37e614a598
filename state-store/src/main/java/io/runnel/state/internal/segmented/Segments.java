package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Retention;
import io.runnel.state.internal.TracksIterators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time segments of a window or session store and its stream time.
 *
 * <p>Segment {@code id} holds timestamps in {@code [id * interval, (id + 1) * interval)} and is
 * named {@code <storeName>.<id * interval>}. Stream time is the largest timestamp observed (-1
 * before the first). A timestamp at or before {@code streamTime - retention} is expired; when
 * stream time advances, every segment whose id is below that of {@code streamTime - retention} is
 * dropped whole.
 *
 * <p>Not thread-safe: owned by the store's owner thread.
 */
public final class Segments {
  private final String storeName;
  private final long retentionMs;
  private final long intervalMs;
  private final SegmentStorage storage;
  private final TreeMap<Long, KeyValueStore<Bytes, byte[]>> segments = new TreeMap<>();
  private final Pattern segmentName;
  private long streamTime = -1;

  /** Segments of {@code storeName}, reopening those {@code storage} already holds. */
  public Segments(String storeName, Retention retention, SegmentStorage storage) {
    this.storeName = storeName;
    this.retentionMs = retention.retentionMs();
    this.intervalMs = retention.segmentIntervalMs();
    this.storage = storage;
    this.segmentName = Pattern.compile(Pattern.quote(storeName) + "\\.([0-9]+)");
    for (String name : storage.existing()) {
      Matcher matcher = segmentName.matcher(name);
      if (matcher.matches()) {
        long id = Long.parseLong(matcher.group(1)) / intervalMs;
        segments.putIfAbsent(id, storage.open(name));
      }
    }
  }

  /** The segment interval in milliseconds. */
  public long intervalMs() {
    return intervalMs;
  }

  /** The largest timestamp observed, or -1. */
  public long streamTime() {
    return streamTime;
  }

  /** The smallest timestamp that is not expired. */
  public long minLiveTime() {
    return streamTime < 0 ? 0 : Math.max(0, streamTime - retentionMs + 1);
  }

  /** Whether data at {@code timestamp} is expired. */
  public boolean isExpired(long timestamp) {
    return timestamp < minLiveTime();
  }

  /** Advances stream time to {@code timestamp} if it is larger, dropping expired segments. */
  public void observe(long timestamp) {
    if (timestamp <= streamTime) {
      return;
    }
    streamTime = timestamp;
    long minLiveId = segmentId(Math.max(0, streamTime - retentionMs));
    Map<Long, KeyValueStore<Bytes, byte[]>> expired = segments.headMap(minLiveId, false);
    for (KeyValueStore<Bytes, byte[]> segment : expired.values()) {
      storage.drop(segment);
    }
    expired.clear();
  }

  /** The segment for {@code timestamp}, created if needed; null if the timestamp is expired. */
  public KeyValueStore<Bytes, byte[]> getOrCreate(long timestamp) {
    if (isExpired(timestamp)) {
      return null;
    }
    long id = segmentId(timestamp);
    return segments.computeIfAbsent(id, i -> storage.open(storeName + "." + i * intervalMs));
  }

  /** The existing segment for {@code timestamp}, or null. */
  public KeyValueStore<Bytes, byte[]> get(long timestamp) {
    return isExpired(timestamp) ? null : segments.get(segmentId(timestamp));
  }

  /** The live segments that may hold timestamps in {@code [from, to]}, oldest first. */
  public List<KeyValueStore<Bytes, byte[]>> between(long from, long to) {
    long lower = Math.max(from, minLiveTime());
    if (lower > to) {
      return List.of();
    }
    return new ArrayList<>(segments.subMap(segmentId(lower), true, segmentId(to), true).values());
  }

  /** Every segment, oldest first. */
  public List<KeyValueStore<Bytes, byte[]>> all() {
    return new ArrayList<>(segments.values());
  }

  /** Flushes every segment. */
  public void flush() {
    for (KeyValueStore<Bytes, byte[]> segment : segments.values()) {
      segment.flush();
    }
  }

  /** Closes every segment (keeping its data). */
  public void close() {
    for (KeyValueStore<Bytes, byte[]> segment : segments.values()) {
      segment.close();
    }
    segments.clear();
  }

  /** Open iterators over all segments. */
  public int openIterators() {
    int count = 0;
    for (KeyValueStore<Bytes, byte[]> segment : segments.values()) {
      if (segment instanceof TracksIterators tracking) {
        count += tracking.openIterators();
      }
    }
    return count;
  }

  /** The names of the live segments, oldest first. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (long id : segments.keySet()) {
      names.add(storeName + "." + id * intervalMs);
    }
    return names;
  }

  private long segmentId(long timestamp) {
    return timestamp / intervalMs;
  }
}
