package io.runnel.log.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the batches of an append before anything is written: each must be a whole v2 batch with a
 * valid CRC32C, a record count and last offset delta that agree, no larger than {@code
 * max.message.bytes}; uncompressed records are walked to check their offset deltas; on a compacted
 * log every record needs a key. Stateless.
 */
final class BatchValidator {
  private BatchValidator() {}

  /** The batches of {@code records} (from its position to its limit), or an exception naming the fault. */
  static List<RecordBatch> validate(ByteBuffer records, LogConfig config, String partition) {
    return validate(records, config, partition, false);
  }

  /**
   * The batches a follower got from its leader: the same checks, but several batches of one
   * idempotent producer may come together.
   */
  static List<RecordBatch> validateReplicated(ByteBuffer records, LogConfig config, String partition) {
    return validate(records, config, partition, true);
  }

  private static List<RecordBatch> validate(ByteBuffer records, LogConfig config, String partition,
      boolean replicated) {
    if (!records.hasRemaining()) {
      throw new CorruptRecordException("append to " + partition + " holds no record batch");
    }
    List<RecordBatch> batches = new ArrayList<>();
    int position = records.position();
    while (position < records.limit()) {
      int remaining = records.limit() - position;
      if (remaining < RecordBatch.HEADER_SIZE) {
        throw new CorruptRecordException("batch at byte " + (position - records.position()) + " of the append to "
            + partition + " is truncated: " + remaining + " bytes, a v2 header alone is "
            + RecordBatch.HEADER_SIZE);
      }
      RecordBatch batch = new RecordBatch(records, position);
      String where = "batch " + batches.size() + " of the append to " + partition;
      int length = batch.batchLength();
      if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD || length > remaining - RecordBatch.LOG_OVERHEAD) {
        throw new CorruptRecordException(where + " claims a length of " + length + " bytes but "
            + (remaining - RecordBatch.LOG_OVERHEAD) + " bytes follow the length field");
      }
      if (batch.magic() != RecordBatch.CURRENT_MAGIC) {
        throw new CorruptRecordException(where + " has magic " + batch.magic()
            + "; only v2 record batches (magic 2, Kafka clients 0.11 and later) are accepted");
      }
      if (batch.sizeInBytes() > config.maxMessageBytes()) {
        throw new RecordTooLargeException(where + " is " + batch.sizeInBytes()
            + " bytes, more than max.message.bytes=" + config.maxMessageBytes());
      }
      if (!batch.isCrcValid()) {
        throw new CorruptRecordException(where + " has CRC " + batch.storedCrc() + " but its bytes give "
            + batch.computeCrc() + ": the batch was damaged in transit");
      }
      if (batch.compressionId() > Compression.ZSTD.id()) {
        throw new CorruptRecordException(where + " uses unknown compression codec id " + batch.compressionId());
      }
      int count = batch.recordsCount();
      if (count <= 0) {
        throw new CorruptRecordException(where + " holds " + count + " records; a batch needs at least one");
      }
      if (batch.lastOffsetDelta() != count - 1) {
        throw new CorruptRecordException(where + " holds " + count + " records but its last offset delta is "
            + batch.lastOffsetDelta() + " (expected " + (count - 1) + ")");
      }
      if (batch.compression() == Compression.NONE || config.compactEnabled()) {
        checkRecords(batch, where, config.compactEnabled());
      }
      batches.add(batch);
      position += batch.sizeInBytes();
    }
    if (!replicated && batches.size() > 1 && batches.stream().anyMatch(b -> b.producerId() >= 0)) {
      throw new InvalidRecordException("append to " + partition + " holds " + batches.size()
          + " batches from an idempotent producer; it sends exactly one batch per partition");
    }
    return batches;
  }

  private static void checkRecords(RecordBatch batch, String where, boolean keysRequired) {
    RecordIterator it = batch.records();
    boolean needKey = keysRequired && !batch.isControl();
    for (int expected = 0; it.hasNext(); expected++) {
      int delta = it.skipChecked(needKey, where);
      if (delta != expected) {
        throw new CorruptRecordException(where + ": record " + expected + " has offset delta " + delta
            + "; deltas must count up from 0");
      }
    }
    if (!it.exhausted()) {
      throw new CorruptRecordException(where + ": bytes are left over after its " + batch.recordsCount() + " records");
    }
  }
}
