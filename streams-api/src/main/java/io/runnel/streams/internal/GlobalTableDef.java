package io.runnel.streams.internal;

import io.runnel.state.serde.Serde;

/**
 * A global table of a topology: a store per instance holding every partition of {@code topic},
 * loaded from the topic itself (it has no changelog) and kept up to date by the global consumer.
 *
 * @param storeName the store name ({@code [A-Za-z0-9._-]+}), unique among all stores
 * @param topic the source topic
 * @param sourceKeySerde how the topic's keys are read, or null for the configured default
 * @param sourceValueSerde how the topic's values are read, or null for the configured default
 * @param keySerde how the store writes keys, or null for the configured default
 * @param valueSerde how the store writes values, or null for the configured default
 */
public record GlobalTableDef(
    String storeName,
    String topic,
    Serde<?> sourceKeySerde,
    Serde<?> sourceValueSerde,
    Serde<?> keySerde,
    Serde<?> valueSerde) {}
