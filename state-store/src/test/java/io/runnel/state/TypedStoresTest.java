package io.runnel.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.state.serde.Serdes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed views read and write through serdes and keep the byte order of serialized keys. */
class TypedStoresTest {
  @Test
  void aTypedKeyValueStoreRoundTripsThroughItsSerdes() {
    try (KeyValueStore<String, Long> counts =
        Stores.typed(Stores.inMemoryKeyValueStore("counts"), Serdes.string(), Serdes.longs())) {
      counts.put("apple", 3L);
      counts.putAll(List.of(KeyValue.pair("banana", 5L), KeyValue.pair("apricot", 1L)));

      assertThat(counts.get("apple")).isEqualTo(3L);
      assertThat(counts.delete("banana")).isEqualTo(5L);
      assertThat(TestData.drainAny(counts.prefixScan("ap", Serdes.string()), k -> k, v -> "" + v))
          .containsExactly("apple=3", "apricot=1");
      assertThat(TestData.drainAny(counts.reverseRange("a", "b"), k -> k, v -> "" + v))
          .containsExactly("apricot=1", "apple=3");
    }
  }

  @Test
  void typedLongKeysSortAsTheirBigEndianBytes() {
    try (KeyValueStore<Long, String> store =
        Stores.typed(Stores.inMemoryKeyValueStore("ids"), Serdes.longs(), Serdes.string())) {
      for (long id : new long[] {256, -1, 1, 0}) {
        store.put(id, "v");
      }

      // Negative numbers have the top bit set, so they sort after the positive ones.
      assertThat(TestData.drainAny(store.all(), k -> "" + k, v -> v))
          .containsExactly("0=v", "1=v", "256=v", "-1=v");
    }
  }

  @Test
  void typedWindowAndSessionStoresRoundTrip() {
    Retention retention = Retention.of(Duration.ofMinutes(10));
    try (WindowStore<String, Long> windows =
            Stores.typed(
                Stores.inMemoryWindowStore("w", retention, Duration.ofMinutes(1)),
                Serdes.string(),
                Serdes.longs());
        SessionStore<String, Long> sessions =
            Stores.typed(
                Stores.inMemorySessionStore("s", retention), Serdes.string(), Serdes.longs())) {
      windows.put("a", 1L, 60_000);
      sessions.put(new Windowed<>("a", 0, 5_000), 2L);

      assertThat(windows.fetch("a", 60_000)).isEqualTo(1L);
      assertThat(TestData.drainAny(windows.all(), w -> w.toString(), v -> "" + v))
          .containsExactly("Windowed[key=a, start=60000, end=120000]=1");
      assertThat(
              TestData.drainAny(
                  sessions.findSessions("a", 0, 10_000), w -> w.toString(), v -> "" + v))
          .containsExactly("Windowed[key=a, start=0, end=5000]=2");
    }
  }
}
