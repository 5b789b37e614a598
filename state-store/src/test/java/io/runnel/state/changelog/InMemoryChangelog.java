package io.runnel.state.changelog;

import java.util.ArrayList;
import java.util.List;

/**
 * A changelog partition as a list in memory: sent records become readable, with dense offsets from
 * 0, when {@link #flush()} acknowledges them. Counts the records restore reads.
 */
public final class InMemoryChangelog implements ChangelogWriter, ChangelogReader {
  private final List<ChangelogRecord> pending = new ArrayList<>();
  private final List<ChangelogRecord> log = new ArrayList<>();
  private long recordsRead;

  @Override
  public void send(byte[] key, byte[] valueOrNull, long timestamp) {
    pending.add(new ChangelogRecord(-1, key.clone(), valueOrNull, timestamp));
  }

  @Override
  public long flush() {
    for (ChangelogRecord record : pending) {
      log.add(new ChangelogRecord(log.size(), record.key(), record.value(), record.timestamp()));
    }
    pending.clear();
    return log.size() - 1;
  }

  @Override
  public long endOffset() {
    return log.size();
  }

  @Override
  public List<ChangelogRecord> read(long fromOffset, long endOffset, int maxRecords) {
    int from = (int) fromOffset;
    int to = (int) Math.min(endOffset, Math.min(log.size(), fromOffset + maxRecords));
    List<ChangelogRecord> batch = from >= to ? List.of() : List.copyOf(log.subList(from, to));
    recordsRead += batch.size();
    return batch;
  }

  /** Acknowledged records, in offset order. */
  public List<ChangelogRecord> records() {
    return List.copyOf(log);
  }

  /** Records sent but not flushed yet. */
  public int pendingCount() {
    return pending.size();
  }

  /** Records handed out by {@link #read}. */
  public long recordsRead() {
    return recordsRead;
  }
}
