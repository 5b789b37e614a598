package io.runnel.log.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Decodes the records of one batch. A compressed records section is decompressed once, when the
 * iterator is made. Each record is:
 *
 * <pre>
 *   length varint | attributes int8 | timestampDelta varlong | offsetDelta varint
 *   keyLength varint | key | valueLength varint | value
 *   headerCount varint | (keyLength varint | key utf8 | valueLength varint | value)*
 * </pre>
 *
 * A malformed record throws {@link CorruptRecordException}. Not thread-safe.
 */
public final class RecordIterator implements Iterator<Record> {
  private final RecordBatch batch;
  private final ByteBuffer records;
  private final int count;
  private int read;

  RecordIterator(RecordBatch batch) {
    this.batch = batch;
    this.count = batch.recordsCount();
    ByteBuffer section = batch.buffer().duplicate();
    section.limit(batch.start() + batch.sizeInBytes()).position(batch.start() + RecordBatch.HEADER_SIZE);
    this.records = decompress(batch.compression(), section.slice());
  }

  private static ByteBuffer decompress(Compression compression, ByteBuffer section) {
    if (compression == Compression.NONE) {
      return section;
    }
    byte[] compressed = new byte[section.remaining()];
    section.get(compressed);
    try (InputStream in = compression.decompress(new ByteArrayInputStream(compressed))) {
      return ByteBuffer.wrap(in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      throw new CorruptRecordException(
          "cannot decompress the " + compression + " records of a batch: " + e.getMessage());
    }
  }

  @Override
  public boolean hasNext() {
    return read < count;
  }

  @Override
  public Record next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    read++;
    int length = Varints.readVarint(records);
    if (length < 0 || length > records.remaining()) {
      throw new CorruptRecordException(
          "record " + read + " of " + count + " claims " + length + " bytes but " + records.remaining() + " remain");
    }
    int end = records.position() + length;
    records.get(); // attributes: unused in v2
    long timestamp = batch.baseTimestamp() + Varints.readVarlong(records);
    long offset = batch.baseOffset() + Varints.readVarint(records);
    byte[] key = readBytes(records);
    byte[] value = readBytes(records);
    int headerCount = Varints.readVarint(records);
    if (headerCount < 0 || headerCount > length) {
      throw new CorruptRecordException("record at offset " + offset + " has a bad header count " + headerCount);
    }
    List<Record.Header> headers = new ArrayList<>(headerCount);
    for (int i = 0; i < headerCount; i++) {
      byte[] headerKey = readBytes(records);
      if (headerKey == null) {
        throw new CorruptRecordException("record at offset " + offset + " has a header with a null key");
      }
      headers.add(new Record.Header(new String(headerKey, StandardCharsets.UTF_8), readBytes(records)));
    }
    if (records.position() != end) {
      throw new CorruptRecordException("record at offset " + offset + " does not end where its length says");
    }
    return new Record(offset, timestamp, key, value, headers);
  }

  private static byte[] readBytes(ByteBuffer in) {
    int length = Varints.readVarint(in);
    if (length < 0) {
      return null;
    }
    if (length > in.remaining()) {
      throw new CorruptRecordException("record field claims " + length + " bytes but " + in.remaining() + " remain");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  /**
   * Checks the next record's framing without copying its key and value, for validation on the
   * append path. Returns its offset delta; {@code keyRequired} refuses a null key.
   */
  int skipChecked(boolean keyRequired, String where) {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    read++;
    int length = Varints.readVarint(records);
    if (length < 0 || length > records.remaining()) {
      throw new CorruptRecordException(where + ": record " + (read - 1) + " claims " + length + " bytes but "
          + records.remaining() + " remain");
    }
    int end = records.position() + length;
    records.get();
    Varints.readVarlong(records);
    int offsetDelta = Varints.readVarint(records);
    int keyLength = skipBytes(records, where);
    if (keyRequired && keyLength < 0) {
      throw new InvalidRecordException(where + ": a compacted topic needs a key on every record; record "
          + (read - 1) + " has none");
    }
    skipBytes(records, where);
    int headerCount = Varints.readVarint(records);
    if (headerCount < 0 || headerCount > length) {
      throw new CorruptRecordException(where + ": record " + (read - 1) + " has a bad header count " + headerCount);
    }
    for (int i = 0; i < headerCount; i++) {
      if (skipBytes(records, where) < 0) {
        throw new CorruptRecordException(where + ": record " + (read - 1) + " has a header with a null key");
      }
      skipBytes(records, where);
    }
    if (records.position() != end) {
      throw new CorruptRecordException(where + ": record " + (read - 1) + " does not end where its length says");
    }
    return offsetDelta;
  }

  private static int skipBytes(ByteBuffer in, String where) {
    int length = Varints.readVarint(in);
    if (length > in.remaining()) {
      throw new CorruptRecordException(where + ": a record field claims " + length + " bytes but " + in.remaining()
          + " remain");
    }
    if (length > 0) {
      in.position(in.position() + length);
    }
    return length;
  }

  /** True when every record was read and no bytes are left over. */
  public boolean exhausted() {
    return read == count && !records.hasRemaining();
  }
}
