package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * How a stream is grouped: serdes for the repartition topic (null for the defaults) and optionally
 * its name, {@code <application.id>-<name>-repartition} (by default the store's name). Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Grouped<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final String name;

  private Grouped(Serde<K> keySerde, Serde<V> valueSerde, String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
  }

  /** Groups with these serdes. */
  public static <K, V> Grouped<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Grouped<>(keySerde, valueSerde, null);
  }

  /** Groups with the default serdes. */
  public static <K, V> Grouped<K, V> defaults() {
    return new Grouped<>(null, null, null);
  }

  /** The same, with the repartition topic named {@code <application.id>-<name>-repartition}. */
  public Grouped<K, V> withName(String name) {
    return new Grouped<>(keySerde, valueSerde, name);
  }

  /** The key serde, or null for the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** The value serde, or null for the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The repartition topic's name part, or null to use the store's. */
  public String name() {
    return name;
  }
}
