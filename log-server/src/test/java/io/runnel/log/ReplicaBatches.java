package io.runnel.log;

import io.runnel.log.storage.FileSlice;
import io.runnel.log.storage.LogReadResult;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a replica's log holds, read from its files: for comparing replicas with each other. */
final class ReplicaBatches {
  private ReplicaBatches() {}

  /** Every batch of {@code log}, as its stored bytes. */
  static List<byte[]> of(PartitionLog log) {
    List<byte[]> out = new ArrayList<>();
    long offset = log.logStartOffset();
    while (offset < log.logEndOffset()) {
      LogReadResult r = log.read(offset, 1 << 20);
      FileSlice slice = r.slice().orElseThrow();
      ByteBuffer buffer = slice.readFully();
      int position = 0;
      while (buffer.limit() - position >= RecordBatch.HEADER_SIZE) {
        int size = RecordBatch.peekSize(buffer, position);
        if (size < 0 || buffer.limit() - position < size) {
          break;
        }
        byte[] bytes = new byte[size];
        buffer.get(position, bytes);
        out.add(bytes);
        RecordBatch batch = new RecordBatch(ByteBuffer.wrap(bytes), 0);
        offset = batch.nextOffset();
        position += size;
      }
    }
    return out;
  }

  /** Every record value of {@code log}, in offset order, as UTF-8 text. */
  static List<String> values(PartitionLog log) {
    List<String> out = new ArrayList<>();
    for (byte[] bytes : of(log)) {
      new RecordBatch(ByteBuffer.wrap(bytes), 0).records()
          .forEachRemaining(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
    }
    return out;
  }
}
