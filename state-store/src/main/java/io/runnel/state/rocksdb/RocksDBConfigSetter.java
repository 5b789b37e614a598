package io.runnel.state.rocksdb;

import java.util.Map;
import org.rocksdb.Options;

/**
 * Adjusts the RocksDB {@link Options} of each store before it opens, after Runnel's defaults are
 * set: the way to tune compaction, compression or block size. Named by config {@value
 * io.runnel.state.StateConfig#ROCKSDB_CONFIG_SETTER} or passed as an instance.
 *
 * <p>Keep the shared block cache and write buffer manager in place (replacing the table format
 * config drops the cache, and with it the process-wide memory bound). Objects the setter creates
 * (filters, caches) are its own to close in {@link #close}.
 *
 * <p>Called on the thread opening or closing a store; stores of different tasks may open on
 * different threads at once, so an implementation that keeps state must be thread-safe.
 */
public interface RocksDBConfigSetter {

  /**
   * Changes {@code options} for the store {@code storeName}.
   *
   * @param configs the application configuration, for keys of the setter's own
   */
  void setConfig(String storeName, Options options, Map<String, Object> configs);

  /** Releases what {@link #setConfig} created for {@code storeName}, after the store closed. */
  default void close(String storeName, Options options) {}
}
