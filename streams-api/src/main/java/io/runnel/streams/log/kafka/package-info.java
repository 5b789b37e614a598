/**
 * The {@code kafka} backend of the Log SPI: kafka-clients' admin, producer and consumer against any
 * Kafka-protocol cluster. Group assignment uses {@link io.runnel.streams.log.kafka.KafkaTaskAssignor}:
 * partition {@code i} of every subscribed topic (a task) stays on one member, sticky to the tasks
 * members claim, and every member learns the whole task map.
 *
 * <p>Threading: the log and producers are thread-safe; a consumer belongs to one thread.
 */
package io.runnel.streams.log.kafka;
