package io.runnel.log.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Batches built and read by kafka-clients itself, so that the storage engine is checked against
 * the bytes a real producer sends and a real consumer reads, not against our own encoder.
 */
final class KafkaBatches {
  private KafkaBatches() {}

  /** The kafka-clients codec matching ours. */
  static org.apache.kafka.common.compress.Compression kafkaCodec(Compression c) {
    return switch (c) {
      case NONE -> org.apache.kafka.common.compress.Compression.NONE;
      case GZIP -> org.apache.kafka.common.compress.Compression.gzip().build();
      case SNAPPY -> org.apache.kafka.common.compress.Compression.snappy().build();
      case LZ4 -> org.apache.kafka.common.compress.Compression.lz4().build();
      case ZSTD -> org.apache.kafka.common.compress.Compression.zstd().build();
    };
  }

  /** A producer batch of records "key-i" -> "value-i" for i in [from, from + count), timestamps ts0 + i. */
  static ByteBuffer batch(Compression c, int from, int count, long ts0) {
    SimpleRecord[] records = new SimpleRecord[count];
    for (int i = 0; i < count; i++) {
      int n = from + i;
      records[i] = new SimpleRecord(ts0 + i, bytes("key-" + n), bytes("value-" + n));
    }
    return MemoryRecords.withRecords(kafkaCodec(c), records).buffer();
  }

  /** A batch of explicit key/value pairs (null value: tombstone), one timestamp. */
  static ByteBuffer keyed(Compression c, long timestamp, String... keyValues) {
    SimpleRecord[] records = new SimpleRecord[keyValues.length / 2];
    for (int i = 0; i < records.length; i++) {
      String value = keyValues[2 * i + 1];
      records[i] = new SimpleRecord(timestamp, bytes(keyValues[2 * i]), value == null ? null : bytes(value));
    }
    return MemoryRecords.withRecords(kafkaCodec(c), records).buffer();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** A record as kafka-clients decodes it from stored bytes. */
  record Read(long offset, long timestamp, String key, String value) {}

  /** Decodes every complete batch in {@code buffer} with kafka-clients, checking each CRC. */
  static List<Read> decode(ByteBuffer buffer) {
    List<Read> out = new ArrayList<>();
    for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer.duplicate()).batches()) {
      batch.ensureValid();
      for (org.apache.kafka.common.record.internal.Record r : batch) {
        out.add(new Read(r.offset(), r.timestamp(), r.hasKey() ? string(toArray(r.key())) : null,
            r.hasValue() ? string(toArray(r.value())) : null));
      }
    }
    return out;
  }

  /** Reads the whole log from its start through kafka-clients, following read() as a consumer would. */
  static List<Read> readAll(PartitionLog log) {
    List<Read> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      var slice = log.read(offset, 64 * 1024).slice();
      if (slice.isEmpty()) {
        break;
      }
      ByteBuffer bytes = slice.get().readFully();
      List<Read> batch = decode(bytes);
      for (Read r : batch) {
        if (r.offset() >= offset) {
          out.add(r);
        }
      }
      if (batch.isEmpty()) {
        throw new AssertionError("read at " + offset + " returned no complete batch");
      }
      offset = batch.get(batch.size() - 1).offset() + 1;
      // a compacted batch may end below its last offset delta: move past the whole batch
      offset = Math.max(offset, lastOffsetOfFirstBatches(bytes) + 1);
    }
    return out;
  }

  private static long lastOffsetOfFirstBatches(ByteBuffer buffer) {
    long last = -1;
    for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
      last = batch.lastOffset();
    }
    return last;
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
