/**
 * The Log SPI: the small view of a Kafka-style log that the streams runtime needs (topics, keyed
 * produce to a partition, consume by assignment or group membership, offsets). {@link
 * io.runnel.streams.log.Log#open} picks a backend from configuration.
 *
 * <p>Invariants: a keyed record's partition is {@link io.runnel.streams.log.KeyPartitioner}'s, the
 * same as Kafka's default partitioner; a group assigns whole tasks (partition {@code p} of every
 * subscribed topic) with {@link io.runnel.streams.log.TaskAssignor}, in both backends. Threading is
 * documented per type.
 */
package io.runnel.streams.log;
