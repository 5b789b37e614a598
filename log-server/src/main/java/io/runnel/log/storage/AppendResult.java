package io.runnel.log.storage;

/**
 * The outcome of an append: the offsets assigned to it (first and last, inclusive), the largest
 * record timestamp and the number of records and batches written. A {@code duplicate} is an
 * idempotent producer's retry of a batch already in the log: nothing was written and the offsets
 * are those of the original.
 */
public record AppendResult(long firstOffset, long lastOffset, long maxTimestamp, int records, int batches,
    boolean duplicate) {}
