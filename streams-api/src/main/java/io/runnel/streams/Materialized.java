package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * How an aggregation's table is stored: the store name (also naming its changelog, {@code
 * <application.id>-<name>-changelog}) and its key and value serdes (null for the defaults). The
 * store is RocksDB behind the record cache. Immutable.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Materialized<K, V> {
  private final String storeName;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  private Materialized(String storeName, Serde<K> keySerde, Serde<V> valueSerde) {
    this.storeName = storeName;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** A store named {@code storeName} ({@code [A-Za-z0-9._-]+}). */
  public static <K, V> Materialized<K, V> as(String storeName) {
    if (storeName == null) {
      throw new IllegalArgumentException("store name must not be null");
    }
    return new Materialized<>(storeName, null, null);
  }

  /** A store with a generated name and these serdes. */
  public static <K, V> Materialized<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
    return new Materialized<>(null, keySerde, valueSerde);
  }

  /** A store with a generated name and the default serdes. */
  public static <K, V> Materialized<K, V> defaults() {
    return new Materialized<>(null, null, null);
  }

  /** The same with this key serde. */
  public Materialized<K, V> withKeySerde(Serde<K> keySerde) {
    return new Materialized<>(storeName, keySerde, valueSerde);
  }

  /** The same with this value serde. */
  public Materialized<K, V> withValueSerde(Serde<V> valueSerde) {
    return new Materialized<>(storeName, keySerde, valueSerde);
  }

  /** The store name, or null for a generated one. */
  public String storeName() {
    return storeName;
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
