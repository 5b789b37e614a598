package io.runnel.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.StreamsException;
import org.apache.flink.api.common.state.ValueState;
import org.junit.jupiter.api.Test;

/**
 * A user processor's store as Flink keyed state: reads and writes at the key of the record being
 * processed work; another key, a scan or a use outside of process() is refused naming the store
 * and the processor.
 */
class KeyedStoreTest {
  private static final Serde<String> S = Serdes.string();
  private static final Serde<Long> L = Serdes.longs();

  /** One key's ValueState, as Flink hands it to the stage under the current key. */
  private static final class OneValue implements ValueState<byte[]> {
    byte[] value;

    @Override
    public byte[] value() {
      return value;
    }

    @Override
    public void update(byte[] value) {
      this.value = value;
    }

    @Override
    public void clear() {
      value = null;
    }
  }

  private BridgeRecord current;

  @SuppressWarnings("unchecked")
  private KeyedStore store(OneValue state) {
    return new KeyedStore(
        "seen",
        "KSTREAM-PROCESSOR-0000000001",
        state,
        (Serde<Object>) (Serde<?>) S,
        (Serde<Object>) (Serde<?>) L,
        () -> current);
  }

  private static BridgeRecord record(String key) {
    BridgeRecord record = new BridgeRecord();
    record.key = key;
    return record;
  }

  @Test
  void readsAndWritesTheRecordsKey() {
    OneValue state = new OneValue();
    KeyedStore store = store(state);
    current = record("a");

    assertThat(store.get("a")).isNull();
    store.put("a", 2L);
    assertThat(store.putIfAbsent("a", 5L)).isEqualTo(2L);
    assertThat(store.get("a")).isEqualTo(2L);
    assertThat(L.deserialize(state.value)).isEqualTo(2L);
    assertThat(store.delete("a")).isEqualTo(2L);
    assertThat(store.get("a")).isNull();
  }

  @Test
  void anotherKeyIsRefusedByName() {
    KeyedStore store = store(new OneValue());
    current = record("a");

    assertThatThrownBy(() -> store.put("b", 1L))
        .isInstanceOf(StreamsException.class)
        .hasMessageContaining("processor KSTREAM-PROCESSOR-0000000001 uses key b of store 'seen'")
        .hasMessageContaining("while processing key a")
        .hasMessageContaining("run this topology with RunnelStreams instead");
  }

  @Test
  void scansAndUseOutsideProcessAreRefused() {
    KeyedStore store = store(new OneValue());

    assertThatThrownBy(() -> store.get("a"))
        .isInstanceOf(StreamsException.class)
        .hasMessageContaining("uses store 'seen' outside of process()");
    current = record("a");
    assertThatThrownBy(store::all)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("calls all on store 'seen'")
        .hasMessageContaining("cannot be scanned");
  }
}
