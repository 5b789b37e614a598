package io.runnel.streams.internal;

import io.runnel.streams.Consumed;
import io.runnel.streams.GlobalKTable;
import io.runnel.streams.Materialized;

/**
 * A {@link GlobalKTable} of a {@link TopologyGraph}: only its definition; the store lives in each
 * running instance's {@link GlobalStateUpdater}.
 *
 * <p>Immutable.
 */
public final class GlobalKTableImpl<K, V> implements GlobalKTable<K, V> {
  private final TopologyGraph graph;
  private final GlobalTableDef def;

  private GlobalKTableImpl(TopologyGraph graph, GlobalTableDef def) {
    this.graph = graph;
    this.def = def;
  }

  /**
   * Adds a global table of {@code topic} to {@code graph}; the store is named by {@code
   * materialized}, else generated. Store serdes come from {@code materialized}, else from {@code
   * consumed}, else the defaults.
   */
  public static <K, V> GlobalKTable<K, V> add(
      TopologyGraph graph, String topic, Consumed<K, V> consumed, Materialized<K, V> materialized) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("a global table needs a source topic name");
    }
    if (consumed.timestampExtractor() != null) {
      throw new IllegalArgumentException(
          "global table of '"
              + topic
              + "': a global table has no event time; remove the timestamp extractor");
    }
    String storeName =
        materialized.storeName() != null
            ? materialized.storeName()
            : graph.newName("GLOBALKTABLE-SOURCE-STATE-STORE");
    GlobalTableDef def =
        new GlobalTableDef(
            storeName,
            topic,
            consumed.keySerde(),
            consumed.valueSerde(),
            materialized.keySerde() != null ? materialized.keySerde() : consumed.keySerde(),
            materialized.valueSerde() != null ? materialized.valueSerde() : consumed.valueSerde());
    graph.addGlobalTable(def);
    return new GlobalKTableImpl<>(graph, def);
  }

  /** {@code table} as this builder's global table. */
  static GlobalTableDef of(TopologyGraph graph, GlobalKTable<?, ?> table) {
    if (!(table instanceof GlobalKTableImpl<?, ?> impl) || impl.graph != graph) {
      throw new IllegalArgumentException("can only join a global table of the same StreamsBuilder");
    }
    return impl.def;
  }

  @Override
  public String queryableStoreName() {
    return def.storeName();
  }
}
