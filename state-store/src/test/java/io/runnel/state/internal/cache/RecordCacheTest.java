package io.runnel.state.internal.cache;

import static io.runnel.state.TestData.drain;
import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.Bytes;
import io.runnel.state.FlushListener;
import io.runnel.state.KeyValueStore;
import io.runnel.state.RecordingStore;
import io.runnel.state.Stores;
import io.runnel.state.changelog.ChangelogRecord;
import io.runnel.state.changelog.InMemoryChangelog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record cache: what reaches the store, the changelog and the flush listener, and when. */
class RecordCacheTest {
  private final RecordingStore store = new RecordingStore("counts");
  private final InMemoryChangelog changelog = new InMemoryChangelog();
  private final List<String> flushed = new ArrayList<>();
  private final FlushListener listener =
      (k, newValue, oldValue) ->
          flushed.add(text(k.get()) + ":" + text(oldValue) + "->" + text(newValue));

  private KeyValueStore<Bytes, byte[]> cache(long maxBytes) {
    return Stores.cached(Stores.logged(store, changelog, () -> 7L), maxBytes, listener);
  }

  @Test
  void tenUpdatesToOneKeyReachStoreAndChangelogOnce() {
    KeyValueStore<Bytes, byte[]> cached = cache(1 << 20);
    for (int i = 0; i < 10; i++) {
      cached.put(key("k"), value("v" + i));
    }
    assertThat(store.writes()).isEmpty();

    cached.flush();
    changelog.flush();

    assertThat(store.writes()).containsExactly("k=v9");
    assertThat(changelog.records())
        .extracting(r -> text(r.key()) + "=" + text(r.value()) + "@" + r.timestamp())
        .containsExactly("k=v9@7");
    assertThat(flushed).containsExactly("k:null->v9");
  }

  @Test
  void aSecondFlushWithoutChangesWritesNothing() {
    KeyValueStore<Bytes, byte[]> cached = cache(1 << 20);
    cached.put(key("k"), value("v"));
    cached.flush();

    cached.flush();

    assertThat(store.writes()).containsExactly("k=v");
  }

  @Test
  void flushWritesKeysInTheOrderTheyWereFirstChanged() {
    store.put(key("a"), value("old"));
    store.writes().clear();
    KeyValueStore<Bytes, byte[]> cached = cache(1 << 20);

    cached.put(key("c"), value("c1"));
    cached.put(key("a"), value("a1"));
    cached.put(key("b"), value("b1"));
    cached.put(key("c"), value("c2"));
    cached.delete(key("a"));
    cached.flush();

    assertThat(store.writes()).containsExactly("c=c2", "a=null", "b=b1");
    assertThat(flushed).containsExactly("c:null->c2", "a:old->null", "b:null->b1");
    changelog.flush();
    assertThat(changelog.records())
        .extracting(r -> text(r.key()) + "=" + text(r.value()))
        .containsExactly("c=c2", "a=null", "b=b1");
  }

  @Test
  void readsGoToTheCacheFirst() {
    KeyValueStore<Bytes, byte[]> cached = cache(1 << 20);
    cached.put(key("a"), value("1"));

    assertThat(text(cached.get(key("a")))).isEqualTo("1");
    assertThat(store.gets()).isZero();
    assertThat(store.get(key("a"))).isNull(); // not written down yet
  }

  @Test
  void aMissReadsTheStoreOnceAndThenHitsTheCache() {
    store.put(key("a"), value("1"));
    KeyValueStore<Bytes, byte[]> cached = cache(1 << 20);

    assertThat(text(cached.get(key("a")))).isEqualTo("1");
    assertThat(text(cached.get(key("a")))).isEqualTo("1");

    assertThat(store.gets()).isEqualTo(1);
  }

  @Test
  void evictionWritesDirtyEntriesDownInTheOrderTheyWereChanged() {
    // 20-byte entries (10-byte key, 10-byte value) in a 100-byte cache: at most 5 fit.
    KeyValueStore<Bytes, byte[]> cached = cache(100);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String k = String.format("key-%06d", i);
      cached.put(key(k), value(String.format("val-%06d", i)));
      expected.add(k + "=" + String.format("val-%06d", i));
      // Whatever Caffeine chose to evict, what reached the store is a prefix of the dirty order.
      assertThat(store.writes()).isEqualTo(expected.subList(0, store.writes().size()));
    }
    assertThat(store.writes()).hasSizeGreaterThanOrEqualTo(15);

    cached.flush();

    assertThat(store.writes()).containsExactlyElementsOf(expected);
    assertThat(drain(store.all())).hasSize(20);
    assertThat(drain(cached.all())).hasSize(20);
  }

  @Test
  void rangesSeeUnflushedWritesAndDeletes() {
    KeyValueStore<Bytes, byte[]> cached = cache(1 << 20);
    cached.put(key("a"), value("1"));
    cached.put(key("b"), value("2"));
    cached.put(key("c"), value("3"));
    cached.flush();

    cached.delete(key("b"));
    cached.put(key("d"), value("4"));
    cached.put(key("a"), value("5"));

    assertThat(drain(cached.all())).containsExactly("a=5", "c=3", "d=4");
    assertThat(drain(cached.reverseRange(key("a"), key("c")))).containsExactly("c=3", "a=5");
    assertThat(drain(store.all())).containsExactly("a=1", "b=2", "c=3");

    cached.flush();
    changelog.flush();
    assertThat(drain(store.all())).containsExactly("a=5", "c=3", "d=4");
    List<ChangelogRecord> log = changelog.records();
    assertThat(log)
        .extracting(r -> text(r.key()) + "=" + text(r.value()))
        .containsExactly("a=1", "b=2", "c=3", "b=null", "d=4", "a=5");
  }
}
