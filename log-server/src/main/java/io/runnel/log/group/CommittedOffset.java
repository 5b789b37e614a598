package io.runnel.log.group;

/**
 * A committed position of a group in a partition: the next offset to consume, the leader epoch of
 * the record before it ({@code -1} when unknown) and the client's metadata string ({@code null}
 * allowed). {@link #NONE} stands for "nothing committed". Immutable.
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata) {
  /** What OffsetFetch reports for a partition without a committed offset. */
  public static final CommittedOffset NONE = new CommittedOffset(-1, -1, "");

  public boolean isNone() {
    return offset < 0;
  }
}
