package io.runnel.log.storage;

/**
 * The answer to OffsetForLeaderEpoch for one partition: the largest leader epoch at or below the one
 * asked for, and the offset where it ends (exclusive). Immutable.
 */
public record EpochEndOffset(int epoch, long endOffset) {
  /** No epoch at or below the requested one is known (Kafka's UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET). */
  public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1);
}
