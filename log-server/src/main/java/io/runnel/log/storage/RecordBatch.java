package io.runnel.log.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A flyweight over one Kafka v2 record batch (magic 2) in a {@link ByteBuffer}, exactly as a
 * producer sends it and as it is stored in a segment file.
 *
 * <pre>
 *  offset  size  field
 *       0     8  baseOffset            assigned by the log (outside the CRC)
 *       8     4  batchLength           bytes after this field: the batch is 12 + batchLength bytes
 *      12     4  partitionLeaderEpoch  set by the log (outside the CRC)
 *      16     1  magic                 2
 *      17     4  crc                   CRC32C of bytes [21, end)
 *      21     2  attributes            bits 0-2 compression, 3 timestamp type, 4 transactional,
 *                                      5 control, 6 delete horizon
 *      23     4  lastOffsetDelta
 *      27     8  baseTimestamp
 *      35     8  maxTimestamp
 *      43     8  producerId            -1 when not idempotent
 *      51     2  producerEpoch
 *      53     4  baseSequence
 *      57     4  recordsCount
 *      61     .  records               (compressed as a whole when the codec is not none)
 * </pre>
 *
 * <p>The flyweight reads absolute positions and never moves the buffer's position or limit. Not
 * thread-safe when a writer patches the buffer; reads of an unchanging buffer are.
 */
public final class RecordBatch {
  public static final int BASE_OFFSET = 0;
  public static final int BATCH_LENGTH = 8;
  public static final int PARTITION_LEADER_EPOCH = 12;
  public static final int MAGIC = 16;
  public static final int CRC = 17;
  public static final int ATTRIBUTES = 21;
  public static final int LAST_OFFSET_DELTA = 23;
  public static final int BASE_TIMESTAMP = 27;
  public static final int MAX_TIMESTAMP = 35;
  public static final int PRODUCER_ID = 43;
  public static final int PRODUCER_EPOCH = 51;
  public static final int BASE_SEQUENCE = 53;
  public static final int RECORDS_COUNT = 57;
  /** Bytes of the header, and so the smallest possible batch. */
  public static final int HEADER_SIZE = 61;
  /** baseOffset and batchLength: the bytes not counted by batchLength. */
  public static final int LOG_OVERHEAD = 12;
  public static final byte CURRENT_MAGIC = 2;

  private static final int COMPRESSION_MASK = 0x07;
  private static final int TIMESTAMP_TYPE_MASK = 0x08;
  private static final int TRANSACTIONAL_MASK = 0x10;
  private static final int CONTROL_MASK = 0x20;

  private final ByteBuffer buffer;
  private final int start;

  /** A view of the batch starting at absolute position {@code start} of {@code buffer}. */
  public RecordBatch(ByteBuffer buffer, int start) {
    this.buffer = buffer;
    this.start = start;
  }

  public ByteBuffer buffer() {
    return buffer;
  }

  public int start() {
    return start;
  }

  /** The whole batch size in bytes, header included. */
  public int sizeInBytes() {
    return LOG_OVERHEAD + batchLength();
  }

  public long baseOffset() {
    return buffer.getLong(start + BASE_OFFSET);
  }

  public long lastOffset() {
    return baseOffset() + lastOffsetDelta();
  }

  public long nextOffset() {
    return lastOffset() + 1;
  }

  public int batchLength() {
    return buffer.getInt(start + BATCH_LENGTH);
  }

  public int partitionLeaderEpoch() {
    return buffer.getInt(start + PARTITION_LEADER_EPOCH);
  }

  public byte magic() {
    return buffer.get(start + MAGIC);
  }

  public long storedCrc() {
    return Integer.toUnsignedLong(buffer.getInt(start + CRC));
  }

  public short attributes() {
    return buffer.getShort(start + ATTRIBUTES);
  }

  public int compressionId() {
    return attributes() & COMPRESSION_MASK;
  }

  public Compression compression() {
    return Compression.forId(compressionId());
  }

  public boolean isLogAppendTime() {
    return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
  }

  public boolean isTransactional() {
    return (attributes() & TRANSACTIONAL_MASK) != 0;
  }

  public boolean isControl() {
    return (attributes() & CONTROL_MASK) != 0;
  }

  public int lastOffsetDelta() {
    return buffer.getInt(start + LAST_OFFSET_DELTA);
  }

  public long baseTimestamp() {
    return buffer.getLong(start + BASE_TIMESTAMP);
  }

  public long maxTimestamp() {
    return buffer.getLong(start + MAX_TIMESTAMP);
  }

  public long producerId() {
    return buffer.getLong(start + PRODUCER_ID);
  }

  public short producerEpoch() {
    return buffer.getShort(start + PRODUCER_EPOCH);
  }

  public int baseSequence() {
    return buffer.getInt(start + BASE_SEQUENCE);
  }

  public int recordsCount() {
    return buffer.getInt(start + RECORDS_COUNT);
  }

  /** The CRC32C of bytes [attributes, end), which the stored CRC must equal. */
  public long computeCrc() {
    CRC32C crc = new CRC32C();
    ByteBuffer view = buffer.duplicate();
    view.limit(start + sizeInBytes()).position(start + ATTRIBUTES);
    crc.update(view);
    return crc.getValue();
  }

  public boolean isCrcValid() {
    return computeCrc() == storedCrc();
  }

  /** Patches the two fields outside the CRC that the log owns. */
  public void assignOffsetAndEpoch(long baseOffset, int partitionLeaderEpoch) {
    buffer.putLong(start + BASE_OFFSET, baseOffset);
    buffer.putInt(start + PARTITION_LEADER_EPOCH, partitionLeaderEpoch);
  }

  /**
   * Stamps the batch with the log's time (message.timestamp.type=LogAppendTime): sets the timestamp
   * type bit and maxTimestamp, which consumers then report for every record, and recomputes the CRC
   * (both fields are inside it).
   */
  public void stampLogAppendTime(long nowMs) {
    buffer.putShort(start + ATTRIBUTES, (short) (attributes() | TIMESTAMP_TYPE_MASK));
    buffer.putLong(start + MAX_TIMESTAMP, nowMs);
    buffer.putInt(start + CRC, (int) computeCrc());
  }

  /** The records of this batch, decompressed as needed. */
  public RecordIterator records() {
    return new RecordIterator(this);
  }

  /** A read-only view of exactly this batch's bytes, positioned at 0. */
  public ByteBuffer slice() {
    ByteBuffer view = buffer.duplicate();
    view.limit(start + sizeInBytes()).position(start);
    return view.slice();
  }

  /**
   * The size of the batch that starts at {@code position} of {@code buffer}, or -1 when fewer than
   * {@link #LOG_OVERHEAD} bytes remain or the length field is negative. Does not check the rest.
   */
  public static int peekSize(ByteBuffer buffer, int position) {
    if (buffer.limit() - position < LOG_OVERHEAD) {
      return -1;
    }
    int length = buffer.getInt(position + BATCH_LENGTH);
    return length < 0 ? -1 : LOG_OVERHEAD + length;
  }

  @Override
  public String toString() {
    return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", records="
        + recordsCount() + ", size=" + sizeInBytes() + ", compression=" + compression() + ")";
  }
}
