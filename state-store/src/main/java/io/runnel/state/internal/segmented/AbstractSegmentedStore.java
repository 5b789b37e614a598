package io.runnel.state.internal.segmented;

import io.runnel.state.Retention;
import io.runnel.state.StoreClosedException;
import io.runnel.state.changelog.ChangelogRecord;
import io.runnel.state.changelog.RestoreTarget;
import io.runnel.state.internal.StoreName;
import io.runnel.state.internal.TracksIterators;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What the window and session stores share: a name, a retention, the time {@link Segments} they
 * keep their entries in, and the store lifecycle (flush, close, restore) over those segments.
 *
 * <p>Not thread-safe: the owning stream thread writes, reads and closes it.
 */
abstract class AbstractSegmentedStore implements RestoreTarget, TracksIterators {
  protected final String name;
  protected final Retention retention;
  protected final Segments segments;
  private final SegmentRestore restore;
  private boolean open = true;

  /**
   * @param segmentTime the time an entry's store key falls in (window start, session end)
   */
  AbstractSegmentedStore(String name, Retention retention, SegmentStorage storage,
      ToLongFunction<byte[]> segmentTime) {
    this.name = StoreName.validate(name);
    this.retention = retention;
    this.segments = new Segments(name, retention, storage);
    this.restore = new SegmentRestore(segments, segmentTime);
  }

  public String name() {
    return name;
  }

  public boolean isOpen() {
    return open;
  }

  public long retentionMs() {
    return retention.retentionMs();
  }

  /** The names of the live segments, oldest first. */
  public List<String> segmentNames() {
    return segments.names();
  }

  public void flush() {
    checkOpen();
    segments.flush();
  }

  public void close() {
    if (open) {
      open = false;
      segments.close();
    }
  }

  @Override
  public int openIterators() {
    return segments.openIterators();
  }

  public RestoreTarget restoreTarget() {
    return this;
  }

  @Override
  public void beginRestore() {
    checkOpen();
    restore.begin();
  }

  @Override
  public void restoreBatch(List<ChangelogRecord> records) {
    checkOpen();
    restore.apply(records);
  }

  @Override
  public void endRestore() {
    restore.end();
  }

  protected void checkOpen() {
    if (!open) {
      throw new StoreClosedException(name);
    }
  }
}
