package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * How a source topic is read: its key and value serdes (null for the configured defaults) and how
 * each record's event time is found (the log timestamp unless a {@link TimestampExtractor} is set).
 * Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Consumed<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final TimestampExtractor<K, V> timestampExtractor;

  private Consumed(
      Serde<K> keySerde, Serde<V> valueSerde, TimestampExtractor<K, V> timestampExtractor) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.timestampExtractor = timestampExtractor;
  }

  /** Reads with these serdes. */
  public static <K, V> Consumed<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Consumed<>(keySerde, valueSerde, null);
  }

  /** Reads with the configured default serdes. */
  public static <K, V> Consumed<K, V> defaults() {
    return new Consumed<>(null, null, null);
  }

  /** The key serde, or null for the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The value serde, or null for the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The same, with event time taken from each record by {@code extractor}. */
  public Consumed<K, V> withTimestampExtractor(TimestampExtractor<K, V> extractor) {
    if (extractor == null) {
      throw new IllegalArgumentException("timestamp extractor must not be null");
    }
    return new Consumed<>(keySerde, valueSerde, extractor);
  }

  /** The timestamp extractor, or null to use the log timestamp. */
  public TimestampExtractor<K, V> timestampExtractor() {
    return timestampExtractor;
  }
}
