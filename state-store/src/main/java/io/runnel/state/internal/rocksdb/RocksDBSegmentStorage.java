package io.runnel.state.internal.rocksdb;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StateStoreException;
import io.runnel.state.internal.segmented.SegmentStorage;
import io.runnel.state.rocksdb.RocksDBResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Segments as RocksDB instances in subdirectories of the store's directory, {@code
 * <storeDir>/<storeName>.<segmentStart>}; dropping a segment closes it and deletes its directory.
 *
 * <p>Called by the store's owner thread only.
 */
public final class RocksDBSegmentStorage implements SegmentStorage {
  private final Path storeDir;
  private final RocksDBResources resources;

  /** Segments under {@code storeDir}, sharing {@code resources}. */
  public RocksDBSegmentStorage(Path storeDir, RocksDBResources resources) {
    this.storeDir = storeDir.toAbsolutePath();
    this.resources = resources;
  }

  @Override
  public KeyValueStore<Bytes, byte[]> open(String segmentName) {
    return new RocksDBKeyValueStore(segmentName, storeDir.resolve(segmentName), resources);
  }

  @Override
  public void drop(KeyValueStore<Bytes, byte[]> segment) {
    segment.close();
    Path dir = storeDir.resolve(segment.name());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new StateStoreException(
          "cannot delete expired segment '" + segment.name() + "' at " + dir + ": " + e, e);
    }
  }

  @Override
  public List<String> existing() {
    if (!Files.isDirectory(storeDir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(storeDir)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new StateStoreException("cannot list segments at " + storeDir + ": " + e, e);
    }
  }
}
