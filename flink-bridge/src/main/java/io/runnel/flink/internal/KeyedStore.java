package io.runnel.flink.internal;

import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import io.runnel.streams.StreamsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.state.ValueState;

/**
 * A user processor's key-value store in a {@link ProcessorStage}: a Flink keyed {@code
 * ValueState} of the value bytes (the store's value serde), so it holds one value per record key
 * and reads and writes only at the key of the record being processed. Another key, a scan or an
 * entry count is refused with an error naming the store and the processor.
 *
 * <p>Not thread-safe: the stage's Flink task thread, inside {@code processElement}.
 */
final class KeyedStore implements KeyValueStore<Object, Object> {
  private final String name;
  private final String node;
  private final ValueState<byte[]> state;
  private final Serde<Object> keySerde;
  private final Serde<Object> valueSerde;
  private final Supplier<BridgeRecord> current;

  KeyedStore(
      String name,
      String node,
      ValueState<byte[]> state,
      Serde<Object> keySerde,
      Serde<Object> valueSerde,
      Supplier<BridgeRecord> current) {
    this.name = name;
    this.node = node;
    this.state = state;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.current = current;
  }

  /** Refuses {@code key} unless it is the key of the record being processed. */
  private void check(Object key) {
    BridgeRecord record = current.get();
    if (record == null) {
      throw new StreamsException(
          "processor "
              + node
              + " uses store '"
              + name
              + "' outside of process(): flink-bridge keeps it as Flink keyed state, reachable"
              + " only for the record being processed; run this topology with RunnelStreams"
              + " instead");
    }
    if (key == null
        || record.key == null
        || !Arrays.equals(keySerde.serialize(key), keySerde.serialize(record.key))) {
      throw new StreamsException(
          "processor "
              + node
              + " uses key "
              + key
              + " of store '"
              + name
              + "' while processing key "
              + record.key
              + ": flink-bridge keeps the store as Flink keyed state, one value per record key,"
              + " so a processor may only read and write the key of the record it processes;"
              + " run this topology with RunnelStreams instead");
    }
  }

  private UnsupportedOperationException scan(String what) {
    return new UnsupportedOperationException(
        "processor "
            + node
            + " calls "
            + what
            + " on store '"
            + name
            + "': flink-bridge keeps the store as Flink keyed state, one value per record key,"
            + " which cannot be scanned; run this topology with RunnelStreams instead");
  }

  private static RuntimeException io(IOException e) {
    return new UncheckedIOException(e);
  }

  @Override
  public Object get(Object key) {
    check(key);
    try {
      return valueSerde.deserialize(state.value());
    } catch (IOException e) {
      throw io(e);
    }
  }

  @Override
  public void put(Object key, Object value) {
    check(key);
    try {
      if (value == null) {
        state.clear();
      } else {
        state.update(valueSerde.serialize(value));
      }
    } catch (IOException e) {
      throw io(e);
    }
  }

  @Override
  public Object putIfAbsent(Object key, Object value) {
    Object existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Object, Object>> entries) {
    for (KeyValue<Object, Object> entry : entries) {
      put(entry.key(), entry.value());
    }
  }

  @Override
  public Object delete(Object key) {
    Object old = get(key);
    state.clear();
    return old;
  }

  @Override
  public KeyValueIterator<Object, Object> range(Object from, Object to) {
    throw scan("range");
  }

  @Override
  public KeyValueIterator<Object, Object> reverseRange(Object from, Object to) {
    throw scan("reverseRange");
  }

  @Override
  public KeyValueIterator<Object, Object> all() {
    throw scan("all");
  }

  @Override
  public KeyValueIterator<Object, Object> reverseAll() {
    throw scan("reverseAll");
  }

  @Override
  public <P> KeyValueIterator<Object, Object> prefixScan(P prefix, Serde<P> prefixSerde) {
    throw scan("prefixScan");
  }

  @Override
  public long approximateNumEntries() {
    throw scan("approximateNumEntries");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public RestoreTarget restoreTarget() {
    throw new UnsupportedOperationException(
        "store '" + name + "' is Flink keyed state, restored by Flink from checkpoints");
  }
}
