package io.runnel.streams.log.memory;

import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One topic of a {@link MemoryLog}: a list of entries per partition, the index being the offset.
 *
 * <p>Not thread-safe: guarded by the owning log's monitor.
 */
final class MemoryTopic {
  /** A stored record and its log-wide append sequence number. */
  record Entry(LogRecord record, long sequence) {}

  private final TopicSpec spec;
  private final List<List<Entry>> partitions = new ArrayList<>();

  MemoryTopic(TopicSpec spec) {
    this.spec = spec;
    for (int p = 0; p < spec.partitions(); p++) {
      partitions.add(new ArrayList<>());
    }
  }

  TopicSpec spec() {
    return spec;
  }

  List<Entry> partition(int partition) {
    return partitions.get(partition);
  }
}
