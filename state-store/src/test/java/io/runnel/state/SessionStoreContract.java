package io.runnel.state;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.internal.segmented.SegmentedSessionStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every session store promises; extended once per implementation. The store keeps 300 ms in 3
 * segments of 150 ms (by session end).
 */
public abstract class SessionStoreContract {
  protected static final Retention RETENTION = new Retention(300, 3, 1);

  @TempDir protected Path dir;
  protected SessionStore<Bytes, byte[]> store;

  /** A new, empty store named {@code name} with {@link #RETENTION}. */
  protected abstract SessionStore<Bytes, byte[]> createStore(String name, Path dir);

  /** Releases what {@link #createStore} set up besides the store. */
  protected void afterStoreClosed() {}

  @BeforeEach
  void openStore() {
    store = createStore("sessions", dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
    afterStoreClosed();
  }

  static Windowed<Bytes> session(String k, long start, long end) {
    return new Windowed<>(key(k), start, end);
  }

  static List<String> sessions(KeyValueIterator<Windowed<Bytes>, byte[]> it) {
    return TestData.drainAny(
        it, w -> text(w.key().get()) + "@" + w.start() + "-" + w.end(), TestData::text);
  }

  @Test
  void fetchSessionReturnsTheExactSession() {
    store.put(session("a", 10, 20), value("1"));

    assertThat(text(store.fetchSession(key("a"), 10, 20))).isEqualTo("1");
    assertThat(store.fetchSession(key("a"), 10, 21)).isNull();
    assertThat(store.fetchSession(key("b"), 10, 20)).isNull();
  }

  @Test
  void findSessionsReturnsSessionsOverlappingTheSearchBounds() {
    store.put(session("a", 0, 5), value("early"));
    store.put(session("a", 10, 20), value("touching"));
    store.put(session("a", 30, 40), value("inside"));
    store.put(session("a", 50, 60), value("late"));
    store.put(session("b", 30, 40), value("other key"));

    // sessions ending at or after 20 and starting at or before 45
    assertThat(sessions(store.findSessions(key("a"), 20, 45)))
        .containsExactly("a@10-20=touching", "a@30-40=inside");
  }

  @Test
  void sessionsOfOneKeyComeInOrderOfEndThenStart() {
    store.put(session("a", 100, 200), value("3"));
    store.put(session("a", 0, 10), value("1"));
    store.put(session("a", 5, 10), value("2"));
    store.put(session("ab", 0, 10), value("x"));

    assertThat(sessions(store.fetch(key("a"))))
        .containsExactly("a@0-10=1", "a@5-10=2", "a@100-200=3");
  }

  @Test
  void findSessionsOverAKeyRange() {
    store.put(session("a", 0, 10), value("1"));
    store.put(session("b", 0, 10), value("2"));
    store.put(session("c", 0, 10), value("3"));

    assertThat(sessions(store.findSessions(key("a"), key("b"), 0, 100)))
        .containsExactly("a@0-10=1", "b@0-10=2");
    assertThat(sessions(store.findSessions(null, null, 0, 100))).hasSize(3);
  }

  @Test
  void mergingIsRemoveThenPut() {
    store.put(session("a", 0, 10), value("1"));
    store.put(session("a", 15, 20), value("2"));

    List<Windowed<Bytes>> overlapping = new java.util.ArrayList<>();
    try (KeyValueIterator<Windowed<Bytes>, byte[]> it = store.findSessions(key("a"), 8, 17)) {
      it.forEachRemaining(e -> overlapping.add(e.key()));
    }
    overlapping.forEach(store::remove);
    store.put(session("a", 0, 20), value("merged"));

    assertThat(sessions(store.fetch(key("a")))).containsExactly("a@0-20=merged");
  }

  @Test
  void expiredSessionsAreDroppedWithTheirSegment() {
    SegmentedSessionStore segmented = (SegmentedSessionStore) store;
    store.put(session("a", 0, 10), value("old"));
    store.put(session("a", 200, 210), value("mid"));
    assertThat(segmented.segmentNames()).containsExactly("sessions.0", "sessions.150");

    store.put(session("b", 440, 450), value("new")); // 450 - 300 = 150: segment 0 goes

    assertThat(segmented.segmentNames()).containsExactly("sessions.150", "sessions.450");
    assertThat(sessions(store.fetch(key("a")))).containsExactly("a@200-210=mid");
    assertThat(store.fetchSession(key("a"), 0, 10)).isNull();
  }

  @Test
  void invalidSessionsAreRefused() {
    assertThatThrownBy(() -> store.put(session("a", 10, 5), value("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sessions'");
  }

  @Test
  void aClosedStoreRefusesOperations() {
    store.close();

    assertThatThrownBy(() -> store.fetch(key("a"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.put(session("a", 0, 1), value("1")))
        .isInstanceOf(StoreClosedException.class);
  }
}
