package io.runnel.log.storage;

/**
 * The outcome of an append: the offsets assigned to it (first and last, inclusive), the largest
 * record timestamp and the number of records and batches written.
 */
public record AppendResult(long firstOffset, long lastOffset, long maxTimestamp, int records, int batches) {}
