package io.runnel.streams.processor;

import io.runnel.state.KeyValueStore;
import io.runnel.state.StateStore;
import io.runnel.state.serde.Serde;

/**
 * A user state store to add with {@code StreamsBuilder.addStateStore}: one RocksDB store per task
 * behind the record cache, changelogged to {@code <application.id>-<name>-changelog} and restored
 * from it like the DSL's stores. Immutable.
 *
 * @param <S> the store type processors get from {@link ProcessorContext#getStateStore}
 */
public final class StoreBuilder<S extends StateStore> {
  private final String name;
  private final Serde<?> keySerde;
  private final Serde<?> valueSerde;

  private StoreBuilder(String name, Serde<?> keySerde, Serde<?> valueSerde) {
    this.name = name;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /**
   * A key-value store.
   *
   * @param name the store name ({@code [A-Za-z0-9._-]+}), unique in the topology
   * @param keySerde key serde, or null for {@code default.key.serde}
   * @param valueSerde value serde, or null for {@code default.value.serde}
   */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    return new StoreBuilder<>(name, keySerde, valueSerde);
  }

  /** The store name. */
  public String name() {
    return name;
  }

  /** The key serde, or null for the default. */
  public Serde<?> keySerde() {
    return keySerde;
  }

  /** The value serde, or null for the default. */
  public Serde<?> valueSerde() {
    return valueSerde;
  }
}
