/**
 * The {@code memory} backend of the Log SPI: deterministic, in-process, several partitions per
 * topic, Kafka's key partitioning and in-process group membership. For tests and the test driver.
 *
 * <p>Threading: {@link io.runnel.streams.log.memory.MemoryLog} is thread-safe (one monitor);
 * consumers belong to one thread.
 */
package io.runnel.streams.log.memory;
