package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.Retention;
import io.runnel.state.SessionStore;
import io.runnel.state.Windowed;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A byte session store over time {@link Segments} (by session end), each a byte key-value store
 * keyed by {@link SessionKeys}. The same code serves RocksDB and in-memory stores.
 *
 * <p>Not thread-safe: the owning stream thread writes, reads and closes it.
 */
public final class SegmentedSessionStore extends AbstractSegmentedStore
    implements SessionStore<Bytes, byte[]> {

  /** A store named {@code name} whose segments live in {@code storage}. */
  public SegmentedSessionStore(String name, Retention retention, SegmentStorage storage) {
    super(name, retention, storage, SessionKeys::end);
  }

  @Override
  public void put(Windowed<Bytes> session, byte[] value) {
    checkOpen();
    if (session.start() < 0 || session.end() < session.start()) {
      throw new IllegalArgumentException(
          "invalid session ["
              + session.start()
              + ", "
              + session.end()
              + "] for state store '"
              + name
              + "': need 0 <= start <= end");
    }
    segments.observe(session.end());
    KeyValueStore<Bytes, byte[]> segment =
        value == null ? segments.get(session.end()) : segments.getOrCreate(session.end());
    if (segment != null) {
      segment.put(storeKey(session.key(), session.start(), session.end()), value);
    }
  }

  @Override
  public void remove(Windowed<Bytes> session) {
    put(session, null);
  }

  @Override
  public byte[] fetchSession(Bytes key, long start, long end) {
    checkOpen();
    KeyValueStore<Bytes, byte[]> segment = segments.get(end);
    return segment == null ? null : segment.get(storeKey(key, start, end));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    checkOpen();
    byte[] k = key.get();
    long minEnd = Math.max(earliestSessionEnd, segments.minLiveTime());
    Bytes lower = Bytes.wrap(SessionKeys.toStoreKey(k, 0, minEnd));
    Bytes upper = Bytes.wrap(SessionKeys.toStoreKey(k, Long.MAX_VALUE, Long.MAX_VALUE));
    return sessions(
        minEnd,
        segment -> segment.range(lower, upper),
        storeKey -> SessionKeys.isKey(storeKey, k),
        latestSessionStart);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(
      Bytes keyFrom, Bytes keyTo, long earliestSessionEnd, long latestSessionStart) {
    checkOpen();
    long minEnd = Math.max(earliestSessionEnd, segments.minLiveTime());
    Bytes upper =
        keyTo == null ? null : Bytes.wrap(WindowKeys.upperBound(keyTo.get(), SessionKeys.SUFFIX));
    return sessions(
        minEnd,
        segment -> segment.range(keyFrom, upper),
        storeKey -> {
          Bytes key = Bytes.wrap(SessionKeys.key(storeKey));
          return (keyFrom == null || key.compareTo(keyFrom) >= 0)
              && (keyTo == null || key.compareTo(keyTo) <= 0);
        },
        latestSessionStart);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes key) {
    return findSessions(key, 0, Long.MAX_VALUE);
  }

  private KeyValueIterator<Windowed<Bytes>, byte[]> sessions(
      long minEnd,
      Function<KeyValueStore<Bytes, byte[]>, KeyValueIterator<Bytes, byte[]>> open,
      Predicate<byte[]> keyMatches,
      long latestSessionStart) {
    return new SegmentIterator<>(
        name,
        this::isOpen,
        segments.between(minEnd, Long.MAX_VALUE),
        open,
        entry -> {
          byte[] storeKey = entry.key().get();
          if (!keyMatches.test(storeKey)) {
            return null;
          }
          long end = SessionKeys.end(storeKey);
          long start = SessionKeys.start(storeKey);
          return end >= minEnd && start <= latestSessionStart
              ? KeyValue.pair(
                  new Windowed<>(Bytes.wrap(SessionKeys.key(storeKey)), start, end), entry.value())
              : null;
        });
  }

  private static Bytes storeKey(Bytes key, long start, long end) {
    return Bytes.wrap(SessionKeys.toStoreKey(key.get(), start, end));
  }
}
