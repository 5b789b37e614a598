package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * How {@link KStream#repartition} writes and reads its topic {@code
 * <application.id>-<name>-repartition}: its name (generated if none) and key and value serdes
 * (null for the configured defaults). The topic has as many partitions as the inputs (a different
 * count is not supported yet). Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Repartitioned<K, V> {
  private final String name;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  private Repartitioned(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    this.name = name;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** A generated name and these serdes. */
  public static <K, V> Repartitioned<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Repartitioned<>(null, keySerde, valueSerde);
  }

  /** This name ({@code [A-Za-z0-9._-]+}) and the default serdes. */
  public static <K, V> Repartitioned<K, V> as(String name) {
    return new Repartitioned<>(name, null, null);
  }

  /** A copy with this name ({@code [A-Za-z0-9._-]+}). */
  public Repartitioned<K, V> withName(String newName) {
    return new Repartitioned<>(newName, keySerde, valueSerde);
  }

  /** A copy with this key serde. */
  public Repartitioned<K, V> withKeySerde(Serde<K> newKeySerde) {
    return new Repartitioned<>(name, newKeySerde, valueSerde);
  }

  /** A copy with this value serde. */
  public Repartitioned<K, V> withValueSerde(Serde<V> newValueSerde) {
    return new Repartitioned<>(name, keySerde, newValueSerde);
  }

  /** The topic name without prefix and suffix, or null to generate one. */
  public String name() {
    return name;
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
