package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.internal.InMemoryKeyValueStore;
import java.util.List;

/** Segments as in-memory maps: nothing exists before the store opens. Stateless. */
public final class InMemorySegmentStorage implements SegmentStorage {
  @Override
  public KeyValueStore<Bytes, byte[]> open(String segmentName) {
    return new InMemoryKeyValueStore(segmentName);
  }

  @Override
  public void drop(KeyValueStore<Bytes, byte[]> segment) {
    segment.close();
  }

  @Override
  public List<String> existing() {
    return List.of();
  }
}
