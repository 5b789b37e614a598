package io.runnel.log.protocol;

import io.runnel.log.storage.FileSlice;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * The records field of a Fetch response as a range of a segment file: sized like any records field,
 * and written by {@link NettyWritable} as a file region, so the bytes go from the page cache to the
 * socket without passing through the heap.
 */
final class ZeroCopyRecords implements BaseRecords {
  private final FileSlice slice;

  ZeroCopyRecords(FileSlice slice) {
    this.slice = slice;
  }

  FileSlice slice() {
    return slice;
  }

  @Override
  public int sizeInBytes() {
    return slice.size();
  }

  @Override
  public RecordsSend<? extends BaseRecords> toSend() {
    throw new UnsupportedOperationException("zero-copy records are written by NettyWritable");
  }
}
