/**
 * The {@code kafka} backend of the Log SPI: kafka-clients' admin, producer and consumer against any
 * Kafka-protocol cluster. Group assignment uses the range assignor so partition {@code i} of
 * equally sized topics stays on one member.
 *
 * <p>Threading: the log and producers are thread-safe; a consumer belongs to one thread.
 */
package io.runnel.streams.log.kafka;
