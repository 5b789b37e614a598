package io.runnel.state.changelog;

/**
 * One record of a changelog partition, as read back for restore.
 *
 * @param offset its offset in the partition
 * @param key the store key bytes
 * @param value the value bytes, or null for a tombstone (the key was deleted)
 * @param timestamp its timestamp, epoch milliseconds
 */
public record ChangelogRecord(long offset, byte[] key, byte[] value, long timestamp) {}
