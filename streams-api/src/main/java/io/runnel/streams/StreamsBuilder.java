package io.runnel.streams;

import io.runnel.streams.internal.GlobalKTableImpl;
import io.runnel.streams.internal.KStreamImpl;
import io.runnel.streams.internal.KTableImpl;
import io.runnel.streams.internal.StoreDef;
import io.runnel.streams.internal.TopologyGraph;
import io.runnel.streams.processor.StoreBuilder;

/**
 * Builds a {@link Topology} with the DSL: start from {@link #stream}, chain operations, then {@link
 * #build()}.
 *
 * <pre>{@code
 * StreamsBuilder builder = new StreamsBuilder();
 * builder.stream("lines", Consumed.with(Serdes.string(), Serdes.string()))
 *     .flatMapValues(line -> List.of(line.split(" ")))
 *     .groupBy((key, word) -> word, Grouped.with(Serdes.string(), Serdes.string()))
 *     .count(Materialized.as("counts"))
 *     .toStream()
 *     .to("word-counts", Produced.with(Serdes.string(), Serdes.longs()));
 * }</pre>
 *
 * <p>Not thread-safe: build on one thread; the built topology is immutable in use.
 */
public final class StreamsBuilder {
  private final TopologyGraph graph = new TopologyGraph();
  private boolean built;

  /** A stream of the records of {@code topic}, which must exist when the application starts. */
  public <K, V> KStream<K, V> stream(String topic, Consumed<K, V> consumed) {
    checkNotBuilt();
    return KStreamImpl.source(graph, topic, consumed);
  }

  /**
   * A table of the records of {@code topic} (which must exist when the application starts): each
   * record upserts its key, a null value deletes it. The table is materialized in a RocksDB store
   * behind the record cache, named by {@code materialized}, with its own changelog {@code
   * <application.id>-<store>-changelog} (the source topic is not reused as the changelog). Serdes
   * come from {@code materialized}, else from {@code consumed}, else the defaults.
   */
  public <K, V> KTable<K, V> table(
      String topic, Consumed<K, V> consumed, Materialized<K, V> materialized) {
    checkNotBuilt();
    return KTableImpl.source(graph, topic, consumed, materialized);
  }

  /**
   * A global table of {@code topic} (which must exist when the application starts): every instance
   * holds ALL its partitions in a RocksDB store named by {@code materialized}, loaded from the
   * topic (the topic is the store's log: no changelog) before processing starts and then kept up
   * to date by the instance's global thread. Join streams with it through {@link KStream#join(GlobalKTable,
   * java.util.function.BiFunction, ValueJoiner)}; its topic need not be co-partitioned with
   * anything. Store serdes come from {@code materialized}, else from {@code consumed}, else the
   * defaults.
   *
   * @throws IllegalArgumentException if the store name is taken or malformed, or {@code consumed}
   *     has a timestamp extractor (a global table has no event time)
   */
  public <K, V> GlobalKTable<K, V> globalTable(
      String topic, Consumed<K, V> consumed, Materialized<K, V> materialized) {
    checkNotBuilt();
    return GlobalKTableImpl.add(graph, topic, consumed, materialized);
  }

  /**
   * Adds a user state store that processors named in {@link KStream#process} may use. Like the
   * DSL's stores it is one RocksDB store per task behind the record cache, changelogged and
   * restored.
   *
   * @throws IllegalArgumentException if the name is taken or malformed
   */
  public StreamsBuilder addStateStore(StoreBuilder<?> store) {
    checkNotBuilt();
    graph.addStore(new StoreDef(store.name(), store.keySerde(), store.valueSerde()));
    return this;
  }

  /** The topology built so far; the builder cannot be used afterwards. */
  public Topology build() {
    checkNotBuilt();
    built = true;
    return new Topology(graph);
  }

  private void checkNotBuilt() {
    if (built) {
      throw new IllegalStateException("this StreamsBuilder was already built; use a new one");
    }
  }
}
