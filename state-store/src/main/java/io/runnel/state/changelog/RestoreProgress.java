package io.runnel.state.changelog;

/**
 * How far a restore is.
 *
 * @param storeName the store being restored
 * @param restored records applied so far
 * @param total records expected: the offset range to read (an upper bound with compaction gaps)
 * @param recordsPerSecond rate since the restore began
 * @param lastOffset the offset of the last record applied, or the checkpoint restore started from
 */
public record RestoreProgress(
    String storeName, long restored, long total, double recordsPerSecond, long lastOffset) {}
