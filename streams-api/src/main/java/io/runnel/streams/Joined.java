package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * Options of a stream-table join: the stream's key and value serdes (null for the defaults), used
 * when the stream's key may have changed and it must go through a repartition topic {@code
 * <application.id>-<name>-repartition} first, and that name. Immutable.
 *
 * @param <K> key type
 * @param <V> the stream's value type
 */
public final class Joined<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String name;

  private Joined(Serde<K> keySerde, Serde<V> valueSerde, String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
  }

  /** Repartitions (if needed) with these serdes. */
  public static <K, V> Joined<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Joined<>(keySerde, valueSerde, null);
  }

  /** Repartitions (if needed) with the default serdes. */
  public static <K, V> Joined<K, V> defaults() {
    return new Joined<>(null, null, null);
  }

  /** The same, naming the repartition topic {@code <application.id>-<name>-repartition}. */
  public Joined<K, V> withName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("join name must not be null");
    }
    return new Joined<>(keySerde, valueSerde, name);
  }

  /** The key serde, or null for the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The stream's value serde, or null for the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The name, or null for a generated one. */
  public String name() {
    return name;
  }
}
