package io.runnel.state.internal.cache;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.Retention;
import io.runnel.state.SessionStore;
import io.runnel.state.Stores;
import io.runnel.state.WindowStore;
import io.runnel.state.Windowed;
import io.runnel.state.WindowedFlushListener;
import io.runnel.state.changelog.InMemoryChangelog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The window and session record caches: what reaches the store, the changelog and the flush
 * listener, and when.
 */
class WindowedRecordCacheTest {
  private static final Retention RETENTION = new Retention(10_000, 3, 1);
  private final InMemoryChangelog changelog = new InMemoryChangelog();
  private final List<String> flushed = new ArrayList<>();
  private final WindowedFlushListener listener =
      (w, newValue, oldValue) ->
          flushed.add(
              text(w.key().get())
                  + "@"
                  + w.start()
                  + "-"
                  + w.end()
                  + ":"
                  + text(oldValue)
                  + "->"
                  + text(newValue));

  private final WindowStore<Bytes, byte[]> windows =
      Stores.inMemoryWindowStore("w", RETENTION, Duration.ofMillis(10));
  private final SessionStore<Bytes, byte[]> sessions = Stores.inMemorySessionStore("s", RETENTION);

  private WindowStore<Bytes, byte[]> windowCache(long maxBytes) {
    return Stores.cached(Stores.logged(windows, changelog, () -> 7L), maxBytes, listener);
  }

  private SessionStore<Bytes, byte[]> sessionCache(long maxBytes) {
    return Stores.cached(Stores.logged(sessions, changelog, () -> 7L), maxBytes, listener);
  }

  private static List<String> drain(KeyValueIterator<Windowed<Bytes>, byte[]> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> e = it.next();
        out.add(
            text(e.key().key().get())
                + "@"
                + e.key().start()
                + "-"
                + e.key().end()
                + "="
                + text(e.value()));
      }
    }
    return out;
  }

  @Test
  void tenUpdatesOfOneWindowReachStoreChangelogAndListenerOnce() {
    WindowStore<Bytes, byte[]> cached = windowCache(1 << 20);
    for (int i = 0; i < 10; i++) {
      cached.put(key("k"), value("v" + i), 100);
    }
    assertThat(drain(windows.all())).isEmpty();
    assertThat(text(cached.fetch(key("k"), 100))).isEqualTo("v9");

    cached.flush();
    changelog.flush();

    assertThat(drain(windows.all())).containsExactly("k@100-110=v9");
    assertThat(changelog.records()).hasSize(1);
    assertThat(flushed).containsExactly("k@100-110:null->v9");
  }

  @Test
  void windowsAreWrittenDownInTheOrderTheyWereFirstChangedWithTheStoredOldValue() {
    WindowStore<Bytes, byte[]> cached = windowCache(1 << 20);
    cached.put(key("a"), value("1"), 0);
    cached.flush();
    flushed.clear();

    cached.put(key("b"), value("b1"), 10);
    cached.put(key("a"), value("2"), 0);
    cached.put(key("a"), value("x"), 10);
    cached.put(key("b"), value("b2"), 10);
    cached.put(key("a"), value("3"), 0);
    cached.flush();

    assertThat(flushed).containsExactly("b@10-20:null->b2", "a@0-10:1->3", "a@10-20:null->x");
    cached.flush();
    assertThat(flushed).hasSize(3); // nothing new: a second flush writes nothing
  }

  @Test
  void deletingAStoredWindowEmitsItsDeletionOnce() {
    WindowStore<Bytes, byte[]> cached = windowCache(1 << 20);
    cached.put(key("a"), value("1"), 0);
    cached.flush();
    cached.put(key("a"), value("2"), 0);
    cached.put(key("a"), null, 0);
    cached.put(key("n"), value("new"), 0);
    cached.put(key("n"), null, 0); // created and deleted between flushes: nothing to say
    cached.flush();

    assertThat(flushed).containsExactly("a@0-10:null->1", "a@0-10:1->null");
    assertThat(drain(windows.all())).isEmpty();
    changelog.flush();
    assertThat(changelog.records()).extracting(r -> text(r.value())).containsExactly("1", null);
  }

  @Test
  void rangeFetchesSeeUnflushedPutsAndDeletes() {
    WindowStore<Bytes, byte[]> cached = windowCache(1 << 20);
    cached.put(key("a"), value("1"), 0);
    cached.put(key("a"), value("2"), 10);
    cached.put(key("b"), value("3"), 0);
    cached.flush();

    cached.put(key("a"), null, 10);
    cached.put(key("a"), value("4"), 20);
    cached.put(key("c"), value("5"), 0);

    assertThat(drain(cached.all()))
        .containsExactly("a@0-10=1", "a@20-30=4", "b@0-10=3", "c@0-10=5");
    assertThat(drain(cached.fetch(key("a"), key("b"), 5, 30))).containsExactly("a@20-30=4");
    List<Long> starts = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> it = cached.fetch(key("a"), 0, 100)) {
      it.forEachRemaining(e -> starts.add(e.key()));
    }
    assertThat(starts).containsExactly(0L, 20L);
  }

  @Test
  void evictionWritesWindowsDownInTheOrderTheyWereChanged() {
    // 18-byte keys (10 + 8 for the start) with 10-byte values in a 100-byte cache: 3 fit.
    WindowStore<Bytes, byte[]> cached = windowCache(100);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String k = String.format("key-%06d", i);
      cached.put(key(k), value(String.format("val-%06d", i)), 0);
      expected.add(k + "@0-10:null->" + String.format("val-%06d", i));
      // Whatever Caffeine chose to evict, what was written down is a prefix of the dirty order.
      assertThat(flushed).isEqualTo(expected.subList(0, flushed.size()));
    }
    assertThat(flushed).hasSizeGreaterThanOrEqualTo(15);

    cached.flush();

    assertThat(flushed).containsExactlyElementsOf(expected);
    assertThat(drain(windows.all())).hasSize(20);
  }

  @Test
  void aZeroByteCacheIsNoCache() {
    assertThat(Stores.cached(windows, 0, listener)).isSameAs(windows);
    assertThat(Stores.cached(sessions, 0, listener)).isSameAs(sessions);
  }

  @Test
  void aSessionMergedAwayBeforeTheFlushNeverReachesTheStore() {
    SessionStore<Bytes, byte[]> cached = sessionCache(1 << 20);
    cached.put(new Windowed<>(key("a"), 0, 0), value("1"));
    cached.flush();
    flushed.clear();

    // Grow [0,0] to [0,5], then merge [0,5] and a new [8,8] into [0,8].
    cached.remove(new Windowed<>(key("a"), 0, 0));
    cached.put(new Windowed<>(key("a"), 0, 5), value("2"));
    cached.put(new Windowed<>(key("a"), 8, 8), value("1"));
    cached.remove(new Windowed<>(key("a"), 0, 5));
    cached.remove(new Windowed<>(key("a"), 8, 8));
    cached.put(new Windowed<>(key("a"), 0, 8), value("3"));
    assertThat(drain(cached.fetch(key("a")))).containsExactly("a@0-8=3");
    assertThat(drain(cached.findSessions(key("a"), 6, 20))).containsExactly("a@0-8=3");
    cached.flush();
    changelog.flush();

    // The stored [0,0] is deleted, the final session written; nothing about [0,5] or [8,8].
    assertThat(flushed).containsExactly("a@0-0:1->null", "a@0-8:null->3");
    assertThat(drain(sessions.fetch(key("a")))).containsExactly("a@0-8=3");
    assertThat(changelog.records()).hasSize(1 + 2);
  }
}
