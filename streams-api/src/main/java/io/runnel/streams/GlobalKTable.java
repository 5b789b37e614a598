package io.runnel.streams;

/**
 * A table of ALL partitions of a topic, held in full by every application instance ({@link
 * StreamsBuilder#globalTable}). Every task of the instance can look up any key, so a stream joins
 * it ({@link KStream#join(GlobalKTable, java.util.function.BiFunction, ValueJoiner)}) without
 * repartitioning or co-partitioning: a key selector computes each stream record's table key.
 *
 * <p>The table is loaded from its source topic before the stream threads process (no changelog: the
 * source topic is the log of the store), then kept up to date by a global consumer on its own
 * thread. A lookup sees the table as far as that thread has read, so a stream record may join with
 * a slightly older row than one written just before it.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface GlobalKTable<K, V> {

  /** The name of the global store that holds the table. */
  String queryableStoreName();
}
