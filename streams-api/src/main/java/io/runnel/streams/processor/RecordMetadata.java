package io.runnel.streams.processor;

/**
 * Where the input record being processed is in the log.
 *
 * @param topic its topic (a repartition topic carries its {@code <application.id>-} prefix)
 * @param partition its partition
 * @param offset its offset
 */
public record RecordMetadata(String topic, int partition, long offset) {}
