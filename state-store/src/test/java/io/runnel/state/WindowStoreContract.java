package io.runnel.state;

import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.internal.segmented.SegmentedWindowStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every window store promises; extended once per implementation. The store keeps 300 ms in 3
 * segments of 150 ms, with windows of 10 ms.
 */
public abstract class WindowStoreContract {
  protected static final Retention RETENTION =
      new Retention(300, 3, 1); // segment interval 300 / (3 - 1) = 150 ms
  protected static final Duration WINDOW = Duration.ofMillis(10);

  @TempDir protected Path dir;
  protected WindowStore<Bytes, byte[]> store;

  /** A new, empty store named {@code name} with {@link #RETENTION} and {@link #WINDOW}. */
  protected abstract WindowStore<Bytes, byte[]> createStore(String name, Path dir);

  /** Releases what {@link #createStore} set up besides the store. */
  protected void afterStoreClosed() {}

  @BeforeEach
  void openStore() {
    store = createStore("windows", dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
    afterStoreClosed();
  }

  List<String> fetch(String k, long from, long to) {
    return TestData.drainAny(store.fetch(key(k), from, to), t -> "" + t, TestData::text);
  }

  private static List<String> windows(KeyValueIterator<Windowed<Bytes>, byte[]> it) {
    return TestData.drainAny(
        it, w -> text(w.key().get()) + "@" + w.start() + "-" + w.end(), TestData::text);
  }

  @Test
  void fetchReturnsTheValueOfOneWindow() {
    store.put(key("a"), value("1"), 100);
    store.put(key("a"), value("2"), 100);

    assertThat(text(store.fetch(key("a"), 100))).isEqualTo("2");
    assertThat(store.fetch(key("a"), 110)).isNull();
    assertThat(store.fetch(key("b"), 100)).isNull();
  }

  @Test
  void fetchByTimeRangeIsInclusiveAndAscending() {
    store.put(key("a"), value("3"), 30);
    store.put(key("a"), value("1"), 10);
    store.put(key("a"), value("2"), 20);
    store.put(key("a"), value("4"), 40);
    store.put(key("ab"), value("x"), 20);

    assertThat(fetch("a", 10, 30)).containsExactly("10=1", "20=2", "30=3");
    assertThat(fetch("a", 11, 29)).containsExactly("20=2");
    assertThat(fetch("a", 50, 60)).isEmpty();
  }

  @Test
  void fetchByTimeRangeSpansSegments() {
    store.put(key("a"), value("1"), 100);
    store.put(key("a"), value("2"), 160);
    store.put(key("a"), value("3"), 310);

    assertThat(fetch("a", 0, 400)).containsExactly("100=1", "160=2", "310=3");
  }

  @Test
  void fetchDoesNotConfuseKeysThatArePrefixesOfEachOther() {
    store.put(key("a"), value("a"), 20);
    store.put(Bytes.wrap(new byte[] {'a', 0, 0, 0, 0, 0, 0, 0, 20}), value("longer"), 0);

    assertThat(fetch("a", 0, 100)).containsExactly("20=a");
  }

  @Test
  void putNullDeletesAWindow() {
    store.put(key("a"), value("1"), 10);
    store.put(key("a"), null, 10);

    assertThat(store.fetch(key("a"), 10)).isNull();
    assertThat(fetch("a", 0, 100)).isEmpty();
  }

  @Test
  void fetchByKeyRangeReturnsWindowedKeys() {
    store.put(key("a"), value("1"), 10);
    store.put(key("b"), value("2"), 20);
    store.put(key("c"), value("3"), 30);
    store.put(key("b"), value("4"), 90);

    assertThat(windows(store.fetch(key("a"), key("b"), 0, 50)))
        .containsExactly("a@10-20=1", "b@20-30=2");
    assertThat(windows(store.fetch(key("b"), null, 20, 90)))
        .containsExactly("b@20-30=2", "b@90-100=4", "c@30-40=3");
  }

  @Test
  void allReturnsEveryLiveWindow() {
    store.put(key("b"), value("2"), 20);
    store.put(key("a"), value("1"), 10);

    assertThat(windows(store.all())).containsExactly("a@10-20=1", "b@20-30=2");
  }

  @Test
  void expiredWindowsAreNotReturned() {
    store.put(key("a"), value("old"), 100);
    store.put(key("a"), value("new"), 500); // stream time 500: windows up to 200 are expired

    assertThat(store.fetch(key("a"), 100)).isNull();
    assertThat(fetch("a", 0, 1000)).containsExactly("500=new");
    assertThat(windows(store.all())).containsExactly("a@500-510=new");
  }

  @Test
  void puttingAnExpiredWindowIsIgnored() {
    store.put(key("a"), value("new"), 500);
    store.put(key("a"), value("late"), 150);

    assertThat(store.fetch(key("a"), 150)).isNull();
    assertThat(fetch("a", 0, 1000)).containsExactly("500=new");
  }

  @Test
  void expiryDropsWholeSegments() {
    SegmentedWindowStore segmented = (SegmentedWindowStore) store;
    store.put(key("a"), value("1"), 10); // segment 0: [0, 150)
    store.put(key("a"), value("2"), 160); // segment 1: [150, 300)
    store.put(key("a"), value("3"), 300); // segment 2: [300, 450)
    assertThat(segmented.segmentNames()).containsExactly("windows.0", "windows.150", "windows.300");

    // stream time 449: 449 - 300 = 149 is in segment 0, which holds live data (149 > 10 is not)
    store.put(key("b"), value("4"), 449);
    assertThat(segmented.segmentNames()).containsExactly("windows.0", "windows.150", "windows.300");
    assertThat(store.fetch(key("a"), 10)).isNull();

    // stream time 450: 450 - 300 = 150 is in segment 1, so segment 0 goes whole
    store.put(key("b"), value("5"), 450);
    assertThat(segmented.segmentNames())
        .containsExactly("windows.150", "windows.300", "windows.450");
    assertThat(fetch("a", 0, 1000)).containsExactly("160=2", "300=3");
  }

  @Test
  void negativeWindowStartsAreRefused() {
    assertThatThrownBy(() -> store.put(key("a"), value("1"), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'windows'");
  }

  @Test
  void closingTheStoreClosesItsIteratorsAndRefusesOperations() {
    store.put(key("a"), value("1"), 10);
    store.put(key("a"), value("2"), 20);
    KeyValueIterator<Long, byte[]> it = store.fetch(key("a"), 0, 100);
    it.next();

    store.close();

    assertThatThrownBy(it::hasNext).isInstanceOf(StoreClosedException.class);
    it.close();
    assertThatThrownBy(() -> store.fetch(key("a"), 10))
        .isInstanceOf(StoreClosedException.class)
        .hasMessage("state store 'windows' is closed");
  }
}
