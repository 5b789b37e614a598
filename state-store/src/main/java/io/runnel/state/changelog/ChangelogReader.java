package io.runnel.state.changelog;

import java.util.List;

/**
 * Reads one changelog partition for restore. streams-api implements it over its Log SPI; tests use
 * an in-memory list.
 *
 * <p>Used by one thread at a time (the one restoring).
 */
public interface ChangelogReader {

  /**
   * The log end offset: one past the offset of the last record (0 for an empty partition). Restore
   * captures it once, before reading, and stops there.
   */
  long endOffset();

  /**
   * Up to {@code maxRecords} records with offsets in {@code [fromOffset, endOffset)}, in offset
   * order. Offsets may have gaps (compaction). An empty list means no record is left in the range.
   */
  List<ChangelogRecord> read(long fromOffset, long endOffset, int maxRecords);
}
