package io.runnel.state.internal.segmented;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import java.util.List;

/**
 * Where the segments of a window or session store live: one byte key-value store per segment (a
 * RocksDB instance in a subdirectory, or a map in memory), so expiry drops a whole store.
 *
 * <p>Called by the store's owner thread only.
 */
public interface SegmentStorage {

  /** Opens, creating it if needed, the segment named {@code segmentName}. */
  KeyValueStore<Bytes, byte[]> open(String segmentName);

  /** Closes a segment and deletes its data. */
  void drop(KeyValueStore<Bytes, byte[]> segment);

  /** The names of the segments already present, found when the store opens. */
  List<String> existing();
}
