package io.runnel.state;

import io.runnel.state.internal.InMemoryKeyValueStore;
import io.runnel.state.internal.WrappingStore;
import io.runnel.state.serde.Serde;
import java.util.ArrayList;
import java.util.List;

/** An in-memory store that records the writes and counts the reads that reach it. */
public final class RecordingStore extends WrappingStore<InMemoryKeyValueStore>
    implements KeyValueStore<Bytes, byte[]> {
  private final List<String> writes = new ArrayList<>();
  private int gets;

  public RecordingStore(String name) {
    super(new InMemoryKeyValueStore(name));
  }

  /** Every write that reached the store, as {@code key=value} ({@code key=null} for deletes). */
  public List<String> writes() {
    return writes;
  }

  /** How many gets reached the store. */
  public int gets() {
    return gets;
  }

  @Override
  public byte[] get(Bytes key) {
    gets++;
    return inner.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    writes.add(TestData.text(key.get()) + "=" + TestData.text(value));
    inner.put(key, value);
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(e -> put(e.key(), e.value()));
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] old = get(key);
    put(key, null);
    return old;
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return inner.all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return inner.reverseAll();
  }

  @Override
  public <P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, Serde<P> prefixSerde) {
    return inner.prefixScan(prefix, prefixSerde);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }
}
