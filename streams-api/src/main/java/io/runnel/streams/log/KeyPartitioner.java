package io.runnel.streams.log;

import org.apache.kafka.common.utils.Utils;

/**
 * Kafka's default partitioning of keyed records: the positive murmur2 hash of the serialized key
 * modulo the partition count. Both backends and Kafka Streams therefore put a key in the same
 * partition (DESIGN.md, streams invariants).
 *
 * <p>Stateless; safe from any thread.
 */
public final class KeyPartitioner {
  private KeyPartitioner() {}

  /**
   * The partition of {@code key} among {@code partitions}.
   *
   * @throws IllegalArgumentException if the key is null or there are no partitions
   */
  public static int partition(byte[] key, int partitions) {
    if (key == null) {
      throw new IllegalArgumentException("a null key has no partition");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partition count must be positive: " + partitions);
    }
    // Utils.toPositive masks the sign bit, as Kafka's BuiltInPartitioner does (not Math.abs).
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
