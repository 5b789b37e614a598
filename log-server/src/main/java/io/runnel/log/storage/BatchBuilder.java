package io.runnel.log.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes a v2 record batch (layout in {@link RecordBatch}). The cleaner uses it to write back the
 * records that compaction keeps, with their original offsets and codec; tools and tests use it to
 * produce batches as a Kafka producer would. Not thread-safe.
 */
public final class BatchBuilder {
  private final Compression compression;
  private final List<Record> records = new ArrayList<>();
  private long producerId = -1;
  private short producerEpoch = -1;
  private int baseSequence = -1;
  private int partitionLeaderEpoch = -1;
  private boolean transactional;
  private int lastOffsetDelta = -1;

  private BatchBuilder(Compression compression) {
    this.compression = compression;
  }

  public static BatchBuilder create(Compression compression) {
    return new BatchBuilder(compression);
  }

  /** Marks the batch as sent by an idempotent producer. */
  public BatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.baseSequence = baseSequence;
    return this;
  }

  public BatchBuilder transactional(boolean transactional) {
    this.transactional = transactional;
    return this;
  }

  public BatchBuilder partitionLeaderEpoch(int epoch) {
    this.partitionLeaderEpoch = epoch;
    return this;
  }

  /**
   * Keeps a lastOffsetDelta larger than the last record's, as compaction does so that the batch
   * still spans the offsets of the batch it was cleaned from.
   */
  public BatchBuilder lastOffsetDelta(int delta) {
    this.lastOffsetDelta = delta;
    return this;
  }

  /** Adds a record at the next offset delta. */
  public BatchBuilder add(long timestamp, byte[] key, byte[] value, Record.Header... headers) {
    records.add(new Record(records.size(), timestamp, key, value, List.of(headers)));
    return this;
  }

  /** Adds a record with an explicit offset delta, which must grow from record to record. */
  public BatchBuilder addWithOffsetDelta(int offsetDelta, long timestamp, byte[] key, byte[] value,
      List<Record.Header> headers) {
    if (!records.isEmpty() && records.get(records.size() - 1).offset() >= offsetDelta) {
      throw new IllegalArgumentException("offset deltas must increase: " + offsetDelta);
    }
    records.add(new Record(offsetDelta, timestamp, key, value, headers));
    return this;
  }

  public int size() {
    return records.size();
  }

  /** The batch, positioned at 0, with the given base offset. */
  public ByteBuffer build(long baseOffset) {
    if (records.isEmpty()) {
      throw new IllegalStateException("a batch needs at least one record");
    }
    long baseTimestamp = records.get(0).timestamp();
    long maxTimestamp = Long.MIN_VALUE;
    int bodySize = 0;
    for (Record r : records) {
      maxTimestamp = Math.max(maxTimestamp, r.timestamp());
      bodySize += sizeWithLengthPrefix(r, baseTimestamp);
    }
    ByteBuffer body = ByteBuffer.allocate(bodySize);
    for (Record r : records) {
      writeRecord(r, baseTimestamp, body);
    }
    byte[] section = compression == Compression.NONE ? body.array() : compress(body.array());

    int lastDelta = (int) records.get(records.size() - 1).offset();
    if (lastOffsetDelta >= 0) {
      lastDelta = Math.max(lastDelta, lastOffsetDelta);
    }
    ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + section.length);
    batch.putLong(baseOffset);
    batch.putInt(RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD + section.length);
    batch.putInt(partitionLeaderEpoch);
    batch.put(RecordBatch.CURRENT_MAGIC);
    batch.putInt(0); // CRC, filled in below
    batch.putShort((short) (compression.id() | (transactional ? 0x10 : 0)));
    batch.putInt(lastDelta);
    batch.putLong(baseTimestamp);
    batch.putLong(maxTimestamp);
    batch.putLong(producerId);
    batch.putShort(producerEpoch);
    batch.putInt(baseSequence);
    batch.putInt(records.size());
    batch.put(section);
    CRC32C crc = new CRC32C();
    crc.update(batch.array(), RecordBatch.ATTRIBUTES, batch.capacity() - RecordBatch.ATTRIBUTES);
    batch.putInt(RecordBatch.CRC, (int) crc.getValue());
    return batch.flip();
  }

  private byte[] compress(byte[] raw) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 2 + 64);
    try (OutputStream out = compression.compress(compressed)) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress a batch with " + compression, e);
    }
    return compressed.toByteArray();
  }

  private static int sizeWithLengthPrefix(Record r, long baseTimestamp) {
    int size = bodySize(r, baseTimestamp);
    return Varints.sizeOfVarint(size) + size;
  }

  private static int bodySize(Record r, long baseTimestamp) {
    int size = 1
        + Varints.sizeOfVarlong(r.timestamp() - baseTimestamp)
        + Varints.sizeOfVarint((int) r.offset())
        + sizeOfBytes(r.key())
        + sizeOfBytes(r.value())
        + Varints.sizeOfVarint(r.headers().size());
    for (Record.Header h : r.headers()) {
      size += sizeOfBytes(h.key().getBytes(StandardCharsets.UTF_8)) + sizeOfBytes(h.value());
    }
    return size;
  }

  private static int sizeOfBytes(byte[] bytes) {
    return bytes == null ? 1 : Varints.sizeOfVarint(bytes.length) + bytes.length;
  }

  private static void writeRecord(Record r, long baseTimestamp, ByteBuffer out) {
    Varints.writeVarint(bodySize(r, baseTimestamp), out);
    out.put((byte) 0);
    Varints.writeVarlong(r.timestamp() - baseTimestamp, out);
    Varints.writeVarint((int) r.offset(), out);
    writeBytes(r.key(), out);
    writeBytes(r.value(), out);
    Varints.writeVarint(r.headers().size(), out);
    for (Record.Header h : r.headers()) {
      writeBytes(h.key().getBytes(StandardCharsets.UTF_8), out);
      writeBytes(h.value(), out);
    }
  }

  private static void writeBytes(byte[] bytes, ByteBuffer out) {
    if (bytes == null) {
      Varints.writeVarint(-1, out);
    } else {
      Varints.writeVarint(bytes.length, out);
      out.put(bytes);
    }
  }
}
