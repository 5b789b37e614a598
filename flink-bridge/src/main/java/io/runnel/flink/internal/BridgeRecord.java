package io.runnel.flink.internal;

/**
 * A record between the Flink operators of a translated topology (a Flink POJO).
 *
 * <p>What the fields hold depends on where it goes: towards a sink or a repartition, {@code key}
 * and {@code value} are the serialized bytes the native runtime would write; towards an
 * aggregation, they are the objects themselves (Flink serializes them with Kryo across the
 * network). {@code route} is the serialized key as a Latin-1 string (one char per byte, so equal
 * keys give equal strings): keyed stages key by it, as the native runtime partitions by the
 * serialized key. A table's change (old value, new value) travels as {@code oldValue} and {@code
 * value}.
 *
 * <p>Mutable, not thread-safe: owned by the operator handling it.
 */
public class BridgeRecord {
  /** The serialized key as Latin-1 text, or null where nothing is keyed by it. */
  public String route;

  /** The key: bytes or object, see the class comment. */
  public Object key;

  /** The value: bytes or object, see the class comment. */
  public Object value;

  /**
   * Towards a table-table join, the table change's old value (and {@code value} its new value),
   * bytes or object as {@code value}; else null.
   */
  public Object oldValue;

  /**
   * Which input of a join stage it is: 0 the stream (stream-table) or left table (table-table), 1
   * the table (a write of its store) or right table; towards a windowed stream-stream join, 0 the
   * stream {@code join} was called on and 1 the other; else 0.
   */
  public int side;

  /** The event time, epoch milliseconds. */
  public long timestamp;

  /** The stream time of the record's partition when it was processed, or -1. */
  public long streamTime = -1;

  /** The log partition it was read from (sources), else -1. */
  public int partition = -1;

  /** The log offset it was read from (sources), else -1. */
  public long offset = -1;

  /** The topic to write (sinks), else null. */
  public String topic;

  /** Which exit of the emitting stage it leaves by. */
  public int exit;

  /** For Flink's POJO serializer. */
  public BridgeRecord() {}
}
