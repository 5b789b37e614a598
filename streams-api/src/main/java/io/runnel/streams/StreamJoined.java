package io.runnel.streams;

import io.runnel.state.serde.Serde;

/**
 * Options of a stream-stream join: the key serde and both sides' value serdes (null for the
 * defaults), with which both sides are kept in their window stores (and repartitioned first if
 * their key may have changed), and the name of those stores: {@code <name>-this-join-store}, {@code
 * <name>-other-join-store} and, for left and outer joins, {@code <name>-outer-join-store} (each
 * changelogged to {@code <application.id>-<store>-changelog}). Immutable.
 *
 * @param <K> key type
 * @param <V> this stream's value type
 * @param <VO> the other stream's value type
 */
public final class StreamJoined<K, V, VO> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final Serde<VO> otherValueSerde;
  private final String name;

  private StreamJoined(
      Serde<K> keySerde, Serde<V> valueSerde, Serde<VO> otherValueSerde, String name) {
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.otherValueSerde = otherValueSerde;
    this.name = name;
  }

  /** Joins with these serdes. */
  public static <K, V, VO> StreamJoined<K, V, VO> with(
      Serde<K> keySerde, Serde<V> valueSerde, Serde<VO> otherValueSerde) {
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, null);
  }

  /** The same, with stores and repartition topics named after {@code name}. */
  public StreamJoined<K, V, VO> withName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("join name must not be null");
    }
    return new StreamJoined<>(keySerde, valueSerde, otherValueSerde, name);
  }

  /** The key serde, or null for the default. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /** This stream's value serde, or null for the default. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** The other stream's value serde, or null for the default. */
  public Serde<VO> otherValueSerde() {
    return otherValueSerde;
  }

  /** The name, or null for a generated one. */
  public String name() {
    return name;
  }
}
