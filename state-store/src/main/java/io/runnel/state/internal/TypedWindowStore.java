package io.runnel.state.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import java.util.Objects;

/**
 * A typed view of a byte window store through a key serde and a value serde. Same threading as the
 * byte store it wraps.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TypedWindowStore<K, V> extends WrappingStore<WindowStore<Bytes, byte[]>>
    implements WindowStore<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  /** A view of {@code inner}. */
  public TypedWindowStore(
      WindowStore<Bytes, byte[]> inner, Serde<K> keySerde, Serde<V> valueSerde) {
    super(inner);
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  @Override
  public void put(K key, V value, long windowStart) {
    inner.put(keyBytes(key), valueSerde.serialize(value), windowStart);
  }

  @Override
  public V fetch(K key, long windowStart) {
    return valueSerde.deserialize(inner.fetch(keyBytes(key), windowStart));
  }

  @Override
  public KeyValueIterator<Long, V> fetch(K key, long timeFrom, long timeTo) {
    return new MappedIterator<>(
        inner.fetch(keyBytes(key), timeFrom, timeTo), t -> t, valueSerde::deserialize);
  }

  @Override
  public KeyValueIterator<Windowed<K>, V> fetch(K keyFrom, K keyTo, long timeFrom, long timeTo) {
    return typed(
        inner.fetch(
            keyFrom == null ? null : keyBytes(keyFrom),
            keyTo == null ? null : keyBytes(keyTo),
            timeFrom,
            timeTo));
  }

  @Override
  public KeyValueIterator<Windowed<K>, V> all() {
    return typed(inner.all());
  }

  @Override
  public long windowSizeMs() {
    return inner.windowSizeMs();
  }

  @Override
  public long retentionMs() {
    return inner.retentionMs();
  }


  private KeyValueIterator<Windowed<K>, V> typed(KeyValueIterator<Windowed<Bytes>, byte[]> bytes) {
    return new MappedIterator<>(
        bytes,
        w -> new Windowed<>(keySerde.deserialize(w.key().get()), w.start(), w.end()),
        valueSerde::deserialize);
  }

  private Bytes keyBytes(K key) {
    return Bytes.wrap(keySerde.serialize(Objects.requireNonNull(key, "key")));
  }
}
