package io.runnel.state.internal.rocksdb;

import io.runnel.state.rocksdb.RocksDBConfigSetter;
import io.runnel.state.rocksdb.RocksDBResources;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.WriteOptions;

/**
 * The native option objects of one store, built from Runnel's defaults, the shared resources and
 * the config setter, and closed together with the store.
 *
 * <p>Defaults: the shared block cache (index and filter blocks in it too), the shared write buffer
 * manager, a 10-bit Bloom filter, 8 MiB memtables, no compression, and the write-ahead log off: the
 * changelog is the store's log, and a commit flushes memtables before the checkpoint is written.
 *
 * <p>Not thread-safe: created and closed by the store's owner.
 */
public final class StoreOptions implements AutoCloseable {
  private static final long WRITE_BUFFER_BYTES = 8L << 20;

  private final String storeName;
  private final Options options;
  private final BloomFilter filter;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final FlushOptions flushOptions;
  private final Optional<RocksDBConfigSetter> setter;

  /** Options for {@code storeName}, with the setter applied last. */
  public StoreOptions(String storeName, RocksDBResources resources) {
    this.storeName = storeName;
    this.filter = new BloomFilter(10, false);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(resources.blockCache())
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true)
            .setFilterPolicy(filter);
    this.options =
        new Options()
            .setCreateIfMissing(true)
            .setTableFormatConfig(table)
            .setWriteBufferManager(resources.writeBufferManager())
            .setWriteBufferSize(WRITE_BUFFER_BYTES)
            .setMaxWriteBufferNumber(3)
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setMaxBackgroundJobs(2);
    this.setter = resources.config().configSetter();
    setter.ifPresent(s -> s.setConfig(storeName, options, resources.config().originals()));
    this.writeOptions = new WriteOptions().setDisableWAL(true);
    this.readOptions = new ReadOptions();
    this.flushOptions = new FlushOptions().setWaitForFlush(true);
  }

  /** The database options. */
  public Options options() {
    return options;
  }

  /** Options for every write. */
  public WriteOptions writeOptions() {
    return writeOptions;
  }

  /** Options for every read and iterator. */
  public ReadOptions readOptions() {
    return readOptions;
  }

  /** Options for {@code flush()}: wait until memtables are on disk. */
  public FlushOptions flushOptions() {
    return flushOptions;
  }

  @Override
  public void close() {
    setter.ifPresent(s -> s.close(storeName, options));
    flushOptions.close();
    readOptions.close();
    writeOptions.close();
    options.close();
    filter.close();
  }
}
