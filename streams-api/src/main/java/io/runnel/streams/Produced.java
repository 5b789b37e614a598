package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * How records are written to a topic (partitioned by murmur2 of the serialized key): its key and
 * value serdes (null for the configured defaults). Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Produced<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  private Produced(Serde<K> keySerde, Serde<V> valueSerde) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** Writes with these serdes. */
  public static <K, V> Produced<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Produced<>(keySerde, valueSerde);
  }

  /** Writes with the configured default serdes. */
  public static <K, V> Produced<K, V> defaults() {
    return new Produced<>(null, null);
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
