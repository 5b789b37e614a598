package io.runnel.state.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.SessionStore;
import io.runnel.state.Windowed;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.serde.Serde;
import java.util.Objects;

/**
 * A typed view of a byte session store through a key serde and a value serde. Same threading as the
 * byte store it wraps.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TypedSessionStore<K, V> extends WrappingStore<SessionStore<Bytes, byte[]>>
    implements SessionStore<K, V> {
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;

  /** A view of {@code inner}. */
  public TypedSessionStore(
      SessionStore<Bytes, byte[]> inner, Serde<K> keySerde, Serde<V> valueSerde) {
    super(inner);
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
  }

  @Override
  public void put(Windowed<K> session, V value) {
    inner.put(bytesSession(session), valueSerde.serialize(value));
  }

  @Override
  public void remove(Windowed<K> session) {
    inner.remove(bytesSession(session));
  }

  @Override
  public V fetchSession(K key, long start, long end) {
    return valueSerde.deserialize(inner.fetchSession(keyBytes(key), start, end));
  }

  @Override
  public KeyValueIterator<Windowed<K>, V> findSessions(
      K key, long earliestSessionEnd, long latestSessionStart) {
    return typed(inner.findSessions(keyBytes(key), earliestSessionEnd, latestSessionStart));
  }

  @Override
  public KeyValueIterator<Windowed<K>, V> findSessions(
      K keyFrom, K keyTo, long earliestSessionEnd, long latestSessionStart) {
    return typed(
        inner.findSessions(
            keyFrom == null ? null : keyBytes(keyFrom),
            keyTo == null ? null : keyBytes(keyTo),
            earliestSessionEnd,
            latestSessionStart));
  }

  @Override
  public KeyValueIterator<Windowed<K>, V> fetch(K key) {
    return typed(inner.fetch(keyBytes(key)));
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

  private Windowed<Bytes> bytesSession(Windowed<K> session) {
    return new Windowed<>(keyBytes(session.key()), session.start(), session.end());
  }

  private Bytes keyBytes(K key) {
    return Bytes.wrap(keySerde.serialize(Objects.requireNonNull(key, "key")));
  }
}
