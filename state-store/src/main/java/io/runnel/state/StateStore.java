package io.runnel.state;

import io.runnel.state.changelog.RestoreTarget;

/**
 * What every store has: a name, a lifecycle and a byte-level restore entry point.
 *
 * <p>A store is owned by one stream thread (the task's), which writes, flushes and closes it.
 * Implementations say in their Javadoc which reads other threads may make.
 */
public interface StateStore extends AutoCloseable {

  /** The store name, unique within a task; also names its directory and changelog. */
  String name();

  /** Whether the store is open: false after {@link #close()}. */
  boolean isOpen();

  /**
   * Makes every write so far durable in this store and the stores it wraps (cache entries written
   * down, RocksDB memtables written to disk). Called on commit before the checkpoint is written.
   */
  void flush();

  /**
   * Closes the store and every iterator still open on it. Idempotent. Does not flush: call {@link
   * #flush()} first to keep what is cached.
   */
  @Override
  void close();

  /**
   * The sink that changelog records of this store are restored into: the innermost byte store,
   * bypassing caching and changelogging (a restored record must not be logged again).
   */
  RestoreTarget restoreTarget();
}
