package io.runnel.state.internal.rocksdb;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValue;
import io.runnel.state.KeyValueIterator;
import io.runnel.state.KeyValueStore;
import io.runnel.state.StateStoreException;
import io.runnel.state.StoreClosedException;
import io.runnel.state.changelog.ChangelogRecord;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.internal.OpenIterators;
import io.runnel.state.internal.StoreName;
import io.runnel.state.internal.TracksIterators;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.state.serde.Serde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A byte key-value store in its own RocksDB instance, in one directory (by convention {@code
 * <stateDir>/<taskId>/rocksdb/<storeName>}). Memory comes from the shared {@link RocksDBResources};
 * options from {@link StoreOptions}.
 *
 * <p>The owning stream thread writes, flushes, restores and closes. Reads and iterators are safe
 * from other threads. A read-write lock keeps every native call away from a closed database (that
 * would crash the process): operations hold it shared, close holds it exclusively, and close also
 * closes the iterators still open, logging how many were leaked.
 */
public final class RocksDBKeyValueStore
    implements KeyValueStore<Bytes, byte[]>, TracksIterators, RestoreTarget {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDBKeyValueStore.class);

  private final String name;
  private final Path dir;
  private final RocksDBResources resources;
  private final StoreOptions options;
  private final RocksDB db;
  private final OpenIterators iterators = new OpenIterators();
  private final Lock shared;
  private final Lock exclusive;
  private volatile boolean open;

  /**
   * Opens (creating if needed) the store {@code name} in {@code dir}.
   *
   * @throws io.runnel.state.StoreOpenException naming the store and directory if the directory is
   *     locked by another instance, corrupt or unusable
   */
  public RocksDBKeyValueStore(String name, Path dir, RocksDBResources resources) {
    this.name = StoreName.validate(name);
    this.dir = dir.toAbsolutePath();
    this.resources = resources;
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw OpenFailure.of(name, this.dir, "cannot create the directory: " + e, e);
    }
    resources.acquire(this, this.dir.toString());
    StoreOptions storeOptions = null;
    try {
      storeOptions = new StoreOptions(name, resources);
      this.db = RocksDB.open(storeOptions.options(), this.dir.toString());
    } catch (RocksDBException | RuntimeException e) {
      if (storeOptions != null) {
        storeOptions.close();
      }
      resources.release(this);
      throw e instanceof RocksDBException rocks
          ? OpenFailure.of(name, this.dir, rocks)
          : OpenFailure.of(name, this.dir, e.toString(), e);
    }
    this.options = storeOptions;
    ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    this.shared = lock.readLock();
    this.exclusive = lock.writeLock();
    this.open = true;
  }

  @Override
  public String name() {
    return name;
  }

  /** The store's directory. */
  public Path directory() {
    return dir;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public byte[] get(Bytes key) {
    shared.lock();
    try {
      checkOpen();
      return db.get(options.readOptions(), key.get());
    } catch (RocksDBException e) {
      throw failure("reading from", e);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public void put(Bytes key, byte[] value) {
    shared.lock();
    try {
      checkOpen();
      if (value == null) {
        db.delete(options.writeOptions(), key.get());
      } else {
        db.put(options.writeOptions(), key.get(), value);
      }
    } catch (RocksDBException e) {
      throw failure("writing to", e);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    // Only the owning thread writes, so get-then-put cannot interleave with another write.
    byte[] existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    shared.lock();
    try (WriteBatch batch = new WriteBatch()) {
      checkOpen();
      for (KeyValue<Bytes, byte[]> entry : entries) {
        if (entry.value() == null) {
          batch.delete(entry.key().get());
        } else {
          batch.put(entry.key().get(), entry.value());
        }
      }
      db.write(options.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw failure("writing to", e);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] old = get(key);
    if (old != null) {
      put(key, null);
    }
    return old;
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return iterator(from == null ? null : from.get(), to == null ? null : to.get(), false, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return iterator(from == null ? null : from.get(), to == null ? null : to.get(), true, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return iterator(null, null, false, null);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return iterator(null, null, true, null);
  }

  @Override
  public <P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, Serde<P> prefixSerde) {
    byte[] bytes = prefixSerde.serialize(prefix);
    return iterator(bytes, null, false, bytes);
  }

  @Override
  public long approximateNumEntries() {
    shared.lock();
    try {
      checkOpen();
      return db.getLongProperty("rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      throw failure("reading the size of", e);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public void flush() {
    shared.lock();
    try {
      checkOpen();
      db.flush(options.flushOptions());
    } catch (RocksDBException e) {
      throw failure("flushing", e);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public void close() {
    exclusive.lock();
    try {
      if (!open) {
        return;
      }
      open = false;
      int leaked = iterators.closeAll();
      if (leaked > 0) {
        LOG.warn(
            "State store '{}' closed {} iterator(s) left open: close every KeyValueIterator"
                + " (try-with-resources)",
            name,
            leaked);
      }
      db.close();
      options.close();
    } finally {
      resources.release(this);
      exclusive.unlock();
    }
  }

  @Override
  public int openIterators() {
    return iterators.count();
  }

  @Override
  public RestoreTarget restoreTarget() {
    return this;
  }

  @Override
  public void beginRestore() {
    setAutoCompactions(false);
  }

  @Override
  public void restoreBatch(List<ChangelogRecord> records) {
    shared.lock();
    try (WriteBatch batch = new WriteBatch()) {
      checkOpen();
      for (ChangelogRecord record : records) {
        if (record.value() == null) {
          batch.delete(record.key());
        } else {
          batch.put(record.key(), record.value());
        }
      }
      db.write(options.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw failure("restoring", e);
    } finally {
      shared.unlock();
    }
  }

  @Override
  public void endRestore() {
    setAutoCompactions(true);
    shared.lock();
    try {
      checkOpen();
      // One compaction of everything loaded beats many small ones during the load.
      db.compactRange();
    } catch (RocksDBException e) {
      throw failure("compacting", e);
    } finally {
      shared.unlock();
    }
  }

  private void setAutoCompactions(boolean on) {
    shared.lock();
    try {
      checkOpen();
      db.setOptions(MutableColumnFamilyOptions.builder().setDisableAutoCompactions(!on).build());
    } catch (RocksDBException e) {
      throw failure("configuring", e);
    } finally {
      shared.unlock();
    }
  }

  private KeyValueIterator<Bytes, byte[]> iterator(
      byte[] from, byte[] to, boolean reverse, byte[] prefix) {
    shared.lock();
    try {
      checkOpen();
      if (from != null && to != null && Bytes.wrap(from).compareTo(Bytes.wrap(to)) > 0) {
        return new RocksDBRangeIterator(name, iterators, shared, null, null, null, false, null);
      }
      RocksIterator rocksIterator = db.newIterator(options.readOptions());
      return new RocksDBRangeIterator(
          name, iterators, shared, rocksIterator, from, to, reverse, prefix);
    } finally {
      shared.unlock();
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new StoreClosedException(name);
    }
  }

  private StateStoreException failure(String action, RocksDBException e) {
    return new StateStoreException(
        "error " + action + " state store '" + name + "' at " + dir + ": " + e.getMessage(), e);
  }
}
