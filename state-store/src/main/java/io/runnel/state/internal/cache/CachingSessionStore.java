package io.runnel.state.internal.cache;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.SessionStore;
import io.runnel.state.Windowed;
import io.runnel.state.WindowedFlushListener;
import io.runnel.state.internal.cache.WriteBackBuffer.Cached;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A write-back record cache in front of a byte session store, as {@link CachingKeyValueStore} is
 * for key-value stores: puts and removes of sessions stay in a Caffeine cache bounded in bytes
 * (key, 16 bytes of session bounds, value) until {@link #flush()} or eviction. A session updated
 * many times between commits reaches the store, its changelog and the {@link WindowedFlushListener}
 * once; a session created and merged away between two write-downs never reaches them; a stored
 * session removed by a merge is written down as a deletion (new value null, old value the stored
 * one). Write-downs keep the order in which sessions were first dirtied.
 *
 * <p>Expiry follows the store's contract with the cache's own stream time (the largest session end
 * put through it). Reads see unflushed puts and removes; results of one key come in order of
 * session end then start, across keys ordered by key bytes first.
 *
 * <p>Not thread-safe: used by the owning stream thread only.
 */
public final class CachingSessionStore extends CachingWindowedStore<Windowed<Bytes>>
    implements SessionStore<Bytes, byte[]> {
  private static final Comparator<Windowed<Bytes>> ORDER =
      Comparator.comparing((Windowed<Bytes> w) -> w.key())
          .thenComparingLong(Windowed::end)
          .thenComparingLong(Windowed::start);

  private final SessionStore<Bytes, byte[]> store;

  /**
   * A cache of at most {@code maxBytes} in front of {@code store}.
   *
   * @param listener hears each write-down; {@link WindowedFlushListener#NONE} saves reading old
   *     values
   */
  public CachingSessionStore(
      SessionStore<Bytes, byte[]> store, long maxBytes, WindowedFlushListener listener) {
    // The dirty sessions in key, end, start order.
    super(store, maxBytes, listener, s -> s.key().length() + 16, new TreeSet<>(ORDER));
    this.store = store;
  }

  @Override
  public void put(Windowed<Bytes> session, byte[] value) {
    checkOpen();
    Objects.requireNonNull(session.key(), "key");
    if (session.start() < 0 || session.end() < session.start()) {
      throw new IllegalArgumentException(
          "invalid session ["
              + session.start()
              + ", "
              + session.end()
              + "] for state store '"
              + name()
              + "': need 0 <= start <= end");
    }
    streamTime = Math.max(streamTime, session.end());
    if (expired(session.end())) {
      return;
    }
    dirtyIndex.add(session);
    buffer.putDirty(session, value);
  }

  @Override
  public void remove(Windowed<Bytes> session) {
    checkOpen();
    dirtyIndex.add(session);
    buffer.putDirty(session, null);
  }

  @Override
  public byte[] fetchSession(Bytes key, long start, long end) {
    checkOpen();
    if (expired(end)) {
      return null;
    }
    Windowed<Bytes> session = new Windowed<>(key, start, end);
    Cached cached = buffer.get(session);
    if (cached != null) {
      return cached.value();
    }
    byte[] value = store.fetchSession(key, start, end);
    if (value != null) {
      buffer.putClean(session, value);
    }
    return value;
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    checkOpen();
    TreeMap<Windowed<Bytes>, byte[]> merged = new TreeMap<>(ORDER);
    addAll(merged, store.findSessions(key, earliestSessionEnd, latestSessionStart));
    overlay(merged, key, key, earliestSessionEnd, latestSessionStart);
    return snapshot(merged);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(
      Bytes keyFrom, Bytes keyTo, long earliestSessionEnd, long latestSessionStart) {
    checkOpen();
    TreeMap<Windowed<Bytes>, byte[]> merged = new TreeMap<>(ORDER);
    addAll(merged, store.findSessions(keyFrom, keyTo, earliestSessionEnd, latestSessionStart));
    overlay(merged, keyFrom, keyTo, earliestSessionEnd, latestSessionStart);
    return snapshot(merged);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes key) {
    checkOpen();
    TreeMap<Windowed<Bytes>, byte[]> merged = new TreeMap<>(ORDER);
    addAll(merged, store.fetch(key));
    overlay(merged, key, key, Long.MIN_VALUE, Long.MAX_VALUE);
    return snapshot(merged);
  }

  private static void addAll(
      TreeMap<Windowed<Bytes>, byte[]> merged, KeyValueIterator<Windowed<Bytes>, byte[]> from) {
    try (from) {
      while (from.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> entry = from.next();
        merged.put(entry.key(), entry.value());
      }
    }
  }

  /** Puts the dirty sessions of keys in [keyFrom, keyTo] matching the search bounds over merged. */
  private void overlay(
      TreeMap<Windowed<Bytes>, byte[]> merged,
      Bytes keyFrom,
      Bytes keyTo,
      long earliestSessionEnd,
      long latestSessionStart) {
    NavigableSet<Windowed<Bytes>> candidates = dirtyIndex;
    if (keyFrom != null) {
      candidates =
          candidates.tailSet(new Windowed<>(keyFrom, Long.MIN_VALUE, earliestSessionEnd), true);
    }
    if (keyTo != null) {
      candidates = candidates.headSet(new Windowed<>(keyTo, Long.MAX_VALUE, Long.MAX_VALUE), true);
    }
    Map<Windowed<Bytes>, byte[]> dirty = buffer.dirty();
    for (Windowed<Bytes> session : candidates) {
      if (session.end() >= earliestSessionEnd && session.start() <= latestSessionStart) {
        merged.put(session, dirty.get(session));
      }
    }
  }

  private KeyValueIterator<Windowed<Bytes>, byte[]> snapshot(
      TreeMap<Windowed<Bytes>, byte[]> merged) {
    List<KeyValue<Windowed<Bytes>, byte[]>> out = new ArrayList<>(merged.size());
    for (Map.Entry<Windowed<Bytes>, byte[]> entry : merged.entrySet()) {
      if (entry.getValue() != null && !expired(entry.getKey().end())) {
        out.add(KeyValue.pair(entry.getKey(), entry.getValue()));
      }
    }
    return new SnapshotIterator<>(name(), this::isOpen, out);
  }

  @Override
  public long retentionMs() {
    return store.retentionMs();
  }

  @Override
  byte[] stored(Windowed<Bytes> session) {
    return store.fetchSession(session.key(), session.start(), session.end());
  }

  @Override
  void writeToStore(Windowed<Bytes> session, byte[] value) {
    if (value != null) {
      store.put(session, value);
    } else {
      store.remove(session);
    }
  }

  @Override
  Windowed<Bytes> windowed(Windowed<Bytes> session) {
    return session;
  }

  @Override
  long storeRetentionMs() {
    return store.retentionMs();
  }
}
