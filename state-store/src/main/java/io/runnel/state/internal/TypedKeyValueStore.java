package io.runnel.state.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed view of a byte key-value store through a key serde and a value serde. Order is that of
 * the serialized keys. Same threading as the byte store it wraps.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TypedKeyValueStore<K, V> extends WrappingStore<KeyValueStore<Bytes, byte[]>>
    implements KeyValueStore<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  /** A view of {@code inner}. */
  public TypedKeyValueStore(
      KeyValueStore<Bytes, byte[]> inner, Serde<K> keySerde, Serde<V> valueSerde) {
    super(inner);
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  @Override
  public V get(K key) {
    return valueSerde.deserialize(inner.get(keyBytes(key)));
  }

  @Override
  public void put(K key, V value) {
    inner.put(keyBytes(key), valueSerde.serialize(value));
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return valueSerde.deserialize(inner.putIfAbsent(keyBytes(key), valueSerde.serialize(value)));
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    List<KeyValue<Bytes, byte[]>> bytes = new ArrayList<>(entries.size());
    for (KeyValue<K, V> entry : entries) {
      bytes.add(KeyValue.pair(keyBytes(entry.key()), valueSerde.serialize(entry.value())));
    }
    inner.putAll(bytes);
  }

  @Override
  public V delete(K key) {
    return valueSerde.deserialize(inner.delete(keyBytes(key)));
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return typed(inner.range(boundBytes(from), boundBytes(to)));
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    return typed(inner.reverseRange(boundBytes(from), boundBytes(to)));
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return typed(inner.all());
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    return typed(inner.reverseAll());
  }

  @Override
  public <P> KeyValueIterator<K, V> prefixScan(P prefix, Serde<P> prefixSerde) {
    return typed(inner.prefixScan(prefix, prefixSerde));
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }


  private KeyValueIterator<K, V> typed(KeyValueIterator<Bytes, byte[]> bytes) {
    return new MappedIterator<>(bytes, k -> keySerde.deserialize(k.get()), valueSerde::deserialize);
  }

  private Bytes keyBytes(K key) {
    return Bytes.wrap(
        Objects.requireNonNull(keySerde.serialize(Objects.requireNonNull(key, "key"))));
  }

  private Bytes boundBytes(K bound) {
    return bound == null ? null : keyBytes(bound);
  }
}
