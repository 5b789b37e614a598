package io.runnel.state.internal;

import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import java.util.function.Function;

/**
 * An iterator whose entries are those of another, converted (bytes to typed values). Not
 * thread-safe, like the iterator it wraps.
 *
 * @param <K1> source key type
 * @param <V1> source value type
 * @param <K> key type
 * @param <V> value type
 */
public final class MappedIterator<K1, V1, K, V> implements KeyValueIterator<K, V> {
  private final KeyValueIterator<K1, V1> source;
  private final Function<K1, K> keys;
  private final Function<V1, V> values;

  /** Converts keys with {@code keys} and values with {@code values}. */
  public MappedIterator(
      KeyValueIterator<K1, V1> source, Function<K1, K> keys, Function<V1, V> values) {
    this.source = source;
    this.keys = keys;
    this.values = values;
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public KeyValue<K, V> next() {
    KeyValue<K1, V1> next = source.next();
    return KeyValue.pair(keys.apply(next.key()), values.apply(next.value()));
  }

  @Override
  public K peekNextKey() {
    return keys.apply(source.peekNextKey());
  }

  @Override
  public void close() {
    source.close();
  }
}
