package io.runnel.state.changelog;

import java.util.List;

/**
 * The byte-level sink a store's changelog is restored into; see {@link
 * io.runnel.state.StateStore#restoreTarget()}. Stores may switch to bulk-load settings between
 * {@link #beginRestore()} and {@link #endRestore()} (RocksDB turns auto compaction off, then
 * compacts once).
 *
 * <p>Called only by the thread restoring the store, before anything else uses it.
 */
public interface RestoreTarget {

  /** Called once before the first batch. */
  default void beginRestore() {}

  /** Applies records in order: a null value deletes the key. */
  void restoreBatch(List<ChangelogRecord> records);

  /** Called once after the last batch, also when restore failed. */
  default void endRestore() {}
}
