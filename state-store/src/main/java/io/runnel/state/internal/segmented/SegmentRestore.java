package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.changelog.ChangelogRecord;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Restores changelog records of a segmented store: each record goes to the segment of its timestamp
 * (read from its store key), expired records are skipped, and segments created during restore get
 * bulk-load settings too.
 *
 * <p>Not thread-safe: used by the restoring thread.
 */
final class SegmentRestore {
  private final Segments segments;
  private final ToLongFunction<byte[]> timestampOf;
  private final Map<KeyValueStore<Bytes, byte[]>, Boolean> begun = new IdentityHashMap<>();
  private boolean restoring;

  SegmentRestore(Segments segments, ToLongFunction<byte[]> timestampOf) {
    this.segments = segments;
    this.timestampOf = timestampOf;
  }

  void begin() {
    restoring = true;
    for (KeyValueStore<Bytes, byte[]> segment : segments.all()) {
      begin(segment);
    }
  }

  void apply(List<ChangelogRecord> records) {
    // Advance stream time over the whole batch first, so no segment is dropped between grouping
    // records and writing them; a key lives in one segment, so per-key order is kept.
    for (ChangelogRecord record : records) {
      segments.observe(timestampOf.applyAsLong(record.key()));
    }
    Map<KeyValueStore<Bytes, byte[]>, List<ChangelogRecord>> bySegment = new LinkedHashMap<>();
    for (ChangelogRecord record : records) {
      long timestamp = timestampOf.applyAsLong(record.key());
      KeyValueStore<Bytes, byte[]> segment =
          record.value() == null ? segments.get(timestamp) : segments.getOrCreate(timestamp);
      if (segment != null) {
        begin(segment);
        bySegment.computeIfAbsent(segment, s -> new ArrayList<>()).add(record);
      }
    }
    bySegment.forEach((segment, batch) -> segment.restoreTarget().restoreBatch(batch));
  }

  void end() {
    restoring = false;
    for (KeyValueStore<Bytes, byte[]> segment : segments.all()) {
      if (begun.remove(segment) != null) {
        segment.restoreTarget().endRestore();
      }
    }
    begun.clear();
  }

  private void begin(KeyValueStore<Bytes, byte[]> segment) {
    if (restoring && begun.put(segment, Boolean.TRUE) == null) {
      segment.restoreTarget().beginRestore();
    }
  }
}
