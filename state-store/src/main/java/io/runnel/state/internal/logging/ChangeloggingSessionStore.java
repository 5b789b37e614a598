package io.runnel.state.internal.logging;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.SessionStore;
import io.runnel.state.Windowed;
import io.runnel.state.changelog.ChangelogWriter;
import io.runnel.state.internal.WrappingStore;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.internal.segmented.SessionKeys;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Sends every change of a byte session store to its changelog, keyed by {@link SessionKeys} (user
 * key, session end and start), after applying it. Threading as {@link ChangeloggingKeyValueStore}.
 */
public final class ChangeloggingSessionStore extends WrappingStore<SessionStore<Bytes, byte[]>>
    implements SessionStore<Bytes, byte[]> {
  private final ChangelogWriter changelog;
  private final LongSupplier timestamps;

  /** Logs the changes of {@code inner} to {@code changelog}, timestamped by {@code timestamps}. */
  public ChangeloggingSessionStore(
      SessionStore<Bytes, byte[]> inner, ChangelogWriter changelog, LongSupplier timestamps) {
    super(inner);
    this.changelog = Objects.requireNonNull(changelog, "changelog");
    this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
  }

  @Override
  public void put(Windowed<Bytes> session, byte[] value) {
    inner.put(session, value);
    changelog.send(
        SessionKeys.toStoreKey(session.key().get(), session.start(), session.end()),
        value,
        timestamps.getAsLong());
  }

  @Override
  public void remove(Windowed<Bytes> session) {
    put(session, null);
  }

  @Override
  public byte[] fetchSession(Bytes key, long start, long end) {
    return inner.fetchSession(key, start, end);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(
      Bytes key, long earliestSessionEnd, long latestSessionStart) {
    return inner.findSessions(key, earliestSessionEnd, latestSessionStart);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(
      Bytes keyFrom, Bytes keyTo, long earliestSessionEnd, long latestSessionStart) {
    return inner.findSessions(keyFrom, keyTo, earliestSessionEnd, latestSessionStart);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes key) {
    return inner.fetch(key);
  }

  @Override
  public long retentionMs() {
    return inner.retentionMs();
  }

}
