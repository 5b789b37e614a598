package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * How a source topic is read: its key and value serdes (null for the configured defaults).
 * Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Consumed<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  private Consumed(Serde<K> keySerde, Serde<V> valueSerde) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** Reads with these serdes. */
  public static <K, V> Consumed<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Consumed<>(keySerde, valueSerde);
  }

  /** Reads with the configured default serdes. */
  public static <K, V> Consumed<K, V> defaults() {
    return new Consumed<>(null, null);
  }

  /** The key serde, or null for the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The value serde, or null for the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }
}
