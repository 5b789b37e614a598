package io.runnel.state;

import static io.runnel.state.TestData.drain;
import static io.runnel.state.TestData.drainHexKeys;
import static io.runnel.state.TestData.key;
import static io.runnel.state.TestData.text;
import static io.runnel.state.TestData.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.serde.Serdes;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every byte key-value store promises; extended once per implementation so RocksDB, in-memory
 * and cached stores behave identically.
 */
public abstract class KeyValueStoreContract {
  @TempDir protected Path dir;
  protected KeyValueStore<Bytes, byte[]> store;

  /** A new, empty store named {@code name}, with {@code dir} for files. */
  protected abstract KeyValueStore<Bytes, byte[]> createStore(String name, Path dir);

  /** Releases what {@link #createStore} set up besides the store. */
  protected void afterStoreClosed() {}

  @BeforeEach
  void openStore() {
    store = createStore("kv", dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
    afterStoreClosed();
  }

  private void putAll(String... keys) {
    for (String k : keys) {
      store.put(key(k), value(k.toUpperCase()));
    }
  }

  @Test
  void getReturnsTheLatestValueOrNull() {
    store.put(key("a"), value("1"));
    store.put(key("a"), value("2"));

    assertThat(text(store.get(key("a")))).isEqualTo("2");
    assertThat(store.get(key("missing"))).isNull();
  }

  @Test
  void putNullDeletes() {
    store.put(key("a"), value("1"));
    store.put(key("a"), null);

    assertThat(store.get(key("a"))).isNull();
    assertThat(drain(store.all())).isEmpty();
  }

  @Test
  void ordersKeysByUnsignedBytes() {
    for (Bytes k :
        List.of(key(0xff), key(0x80), key(0x01, 0x00), key(0x7f), key(0x01), key(0x00))) {
      store.put(k, value("v"));
    }

    assertThat(drainHexKeys(store.all())).containsExactly("00", "01", "0100", "7f", "80", "ff");
    assertThat(drainHexKeys(store.reverseAll()))
        .containsExactly("ff", "80", "7f", "0100", "01", "00");
  }

  @Test
  void rangeIncludesBothBounds() {
    putAll("a", "b", "c", "d", "e");

    assertThat(drain(store.range(key("b"), key("d")))).containsExactly("b=B", "c=C", "d=D");
    assertThat(drain(store.range(key("ba"), key("cz")))).containsExactly("c=C");
    assertThat(drain(store.range(key("c"), key("c")))).containsExactly("c=C");
  }

  @Test
  void nullRangeBoundsAreOpen() {
    putAll("a", "b", "c");

    assertThat(drain(store.range(null, key("b")))).containsExactly("a=A", "b=B");
    assertThat(drain(store.range(key("b"), null))).containsExactly("b=B", "c=C");
    assertThat(drain(store.reverseRange(null, key("b")))).containsExactly("b=B", "a=A");
  }

  @Test
  void rangeWithLowerBoundAboveUpperIsEmpty() {
    putAll("a", "b", "c");

    assertThat(drain(store.range(key("c"), key("a")))).isEmpty();
    assertThat(drain(store.reverseRange(key("c"), key("a")))).isEmpty();
  }

  @Test
  void reverseRangeIncludesBothBoundsInDescendingOrder() {
    putAll("a", "b", "c", "d", "e");

    assertThat(drain(store.reverseRange(key("b"), key("d")))).containsExactly("d=D", "c=C", "b=B");
    assertThat(drain(store.reverseRange(key("bb"), key("dd")))).containsExactly("d=D", "c=C");
  }

  @Test
  void prefixScanReturnsKeysStartingWithThePrefixInOrder() {
    putAll("b", "ab", "abd", "abc", "ac", "a");

    assertThat(drain(store.prefixScan("ab", Serdes.string())))
        .containsExactly("ab=AB", "abc=ABC", "abd=ABD");
    assertThat(drain(store.prefixScan("z", Serdes.string()))).isEmpty();
  }

  @Test
  void prefixScanHandlesAPrefixEndingInFf() {
    store.put(key(0x61, 0xff), value("1"));
    store.put(key(0x61, 0xff, 0x00), value("2"));
    store.put(key(0x61, 0xff, 0xff), value("3"));
    store.put(key(0x62), value("4"));
    store.put(key(0x61, 0xfe), value("5"));

    assertThat(drainHexKeys(store.prefixScan(new byte[] {0x61, (byte) 0xff}, Serdes.byteArray())))
        .containsExactly("61ff", "61ff00", "61ffff");
  }

  @Test
  void putIfAbsentKeepsAnExistingValue() {
    assertThat(store.putIfAbsent(key("a"), value("1"))).isNull();
    assertThat(text(store.putIfAbsent(key("a"), value("2")))).isEqualTo("1");

    assertThat(text(store.get(key("a")))).isEqualTo("1");
  }

  @Test
  void deleteReturnsTheOldValue() {
    store.put(key("a"), value("1"));

    assertThat(text(store.delete(key("a")))).isEqualTo("1");
    assertThat(store.delete(key("a"))).isNull();
    assertThat(store.get(key("a"))).isNull();
  }

  @Test
  void putAllAppliesEntriesInOrder() {
    store.put(key("gone"), value("x"));

    store.putAll(
        List.of(
            KeyValue.pair(key("a"), value("1")),
            KeyValue.pair(key("b"), value("2")),
            KeyValue.pair(key("a"), value("3")),
            KeyValue.pair(key("gone"), null)));

    assertThat(drain(store.all())).containsExactly("a=3", "b=2");
  }

  @Test
  void approximateNumEntriesCountsDistinctKeys() {
    for (int i = 0; i < 100; i++) {
      store.put(key("key-" + i), value("v"));
    }

    assertThat(store.approximateNumEntries()).isBetween(90L, 110L);
  }

  @Test
  void peekNextKeyDoesNotConsume() {
    putAll("a", "b");

    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      assertThat(text(it.peekNextKey().get())).isEqualTo("a");
      assertThat(text(it.next().key().get())).isEqualTo("a");
      assertThat(text(it.next().key().get())).isEqualTo("b");
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void aClosedIteratorCannotBeUsed() {
    putAll("a", "b");
    KeyValueIterator<Bytes, byte[]> it = store.all();
    it.next();

    it.close();
    it.close();

    assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheStoreClosesItsOpenIterators() {
    putAll("a", "b");
    KeyValueIterator<Bytes, byte[]> it = store.all();
    it.next();

    store.close();

    assertThatThrownBy(it::hasNext)
        .isInstanceOf(StoreClosedException.class)
        .hasMessageContaining("'kv'");
    it.close();
  }

  @Test
  void aClosedStoreRefusesEveryOperation() {
    store.put(key("a"), value("1"));
    store.close();
    store.close();

    assertThat(store.isOpen()).isFalse();
    assertThatThrownBy(() -> store.get(key("a")))
        .isInstanceOf(StoreClosedException.class)
        .hasMessage("state store 'kv' is closed");
    assertThatThrownBy(() -> store.put(key("a"), value("2")))
        .isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.range(key("a"), key("b")))
        .isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> store.approximateNumEntries())
        .isInstanceOf(StoreClosedException.class);
  }
}
