package io.runnel.log.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of a log with {@code cleanup.policy=compact}: keeps the latest record per key in the
 * closed segments, drops tombstones older than {@code delete.retention.ms} (by record timestamp),
 * and never touches the active segment. Offsets are kept: a cleaned batch keeps its base offset and
 * last offset delta, so gaps appear where records were dropped, as in Kafka.
 *
 * <p>A batch whose records all survive is copied byte for byte; otherwise its survivors are written
 * as a new batch with the same codec, producer fields and leader epoch. Each cleaned segment is
 * written aside ({@code .cleaned}) and swapped in crash-safely by {@link PartitionLog#swapIn}.
 *
 * <p>The key map holds every distinct key of the closed segments in memory. Stateless: call from one
 * cleaner thread per log at a time.
 */
public final class LogCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

  private LogCleaner() {}

  /** What one cleaning pass did. */
  public record Result(int segmentsRewritten, long bytesBefore, long bytesAfter, long recordsDropped) {}

  /** Cleans the closed segments of {@code log} once. */
  public static Result clean(PartitionLog log) {
    LogConfig config = log.config();
    long now = log.clock().millis();
    List<LogSegment> cleanable = new ArrayList<>();
    for (LogSegment s : log.closedSegments()) {
      if (s.maxTimestamp() > now - config.minCompactionLagMs()) {
        break;
      }
      cleanable.add(s);
    }
    if (cleanable.isEmpty()) {
      return new Result(0, 0, 0, 0);
    }
    Map<ByteBuffer, Long> latest = new HashMap<>();
    for (LogSegment s : cleanable) {
      forEachBatch(s, batch -> {
        if (!batch.isControl()) {
          for (RecordIterator it = batch.records(); it.hasNext(); ) {
            Record r = it.next();
            if (r.key() != null) {
              latest.put(ByteBuffer.wrap(r.key()), r.offset());
            }
          }
        }
      });
    }
    long tombstoneHorizon = now - config.deleteRetentionMs();
    int rewritten = 0;
    long before = 0;
    long after = 0;
    long dropped = 0;
    for (LogSegment s : cleanable) {
      before += s.size();
      SegmentRewrite rewrite = new SegmentRewrite(log, s, latest, tombstoneHorizon);
      forEachBatch(s, rewrite::accept);
      dropped += rewrite.dropped;
      if (rewrite.dropped == 0) {
        rewrite.abandon();
        after += s.size();
        continue;
      }
      LogSegment cleaned = rewrite.finish();
      if (log.swapIn(s, cleaned)) {
        rewritten++;
        after += cleaned == null ? 0 : cleaned.size();
      } else if (cleaned != null) {
        cleaned.closeAndDelete();
      }
    }
    log.cleanerOffset(cleanable.get(cleanable.size() - 1).nextOffset());
    if (rewritten > 0) {
      LOG.info("{}: compacted {} segment(s), {} -> {} bytes, {} records dropped", log.name(), rewritten, before,
          after, dropped);
    }
    return new Result(rewritten, before, after, dropped);
  }

  private interface BatchConsumer {
    void accept(RecordBatch batch);
  }

  private static void forEachBatch(LogSegment segment, BatchConsumer consumer) {
    int limit = segment.size();
    LogSegment.BatchPosition at = segment.find(segment.baseOffset(), limit);
    while (at != null) {
      consumer.accept(segment.readBatch(at));
      at = segment.find(at.lastOffset() + 1, limit);
    }
  }

  /** The surviving batches of one segment, written to its .cleaned file. */
  private static final class SegmentRewrite {
    private final PartitionLog log;
    private final LogSegment source;
    private final Map<ByteBuffer, Long> latest;
    private final long tombstoneHorizon;
    private LogSegment target;
    long dropped;

    SegmentRewrite(PartitionLog log, LogSegment source, Map<ByteBuffer, Long> latest, long tombstoneHorizon) {
      this.log = log;
      this.source = source;
      this.latest = latest;
      this.tombstoneHorizon = tombstoneHorizon;
    }

    void accept(RecordBatch batch) {
      if (batch.isControl()) {
        write(batch.slice());
        return;
      }
      List<Record> kept = new ArrayList<>();
      for (RecordIterator it = batch.records(); it.hasNext(); ) {
        Record r = it.next();
        if (keep(r)) {
          kept.add(r);
        }
      }
      dropped += batch.recordsCount() - kept.size();
      if (kept.size() == batch.recordsCount()) {
        write(batch.slice());
      } else if (!kept.isEmpty()) {
        BatchBuilder builder = BatchBuilder.create(batch.compression())
            .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
            .transactional(batch.isTransactional())
            .partitionLeaderEpoch(batch.partitionLeaderEpoch())
            .lastOffsetDelta(batch.lastOffsetDelta());
        for (Record r : kept) {
          builder.addWithOffsetDelta((int) (r.offset() - batch.baseOffset()), r.timestamp(), r.key(), r.value(),
              r.headers());
        }
        write(builder.build(batch.baseOffset()));
      }
    }

    private boolean keep(Record r) {
      if (r.key() == null) {
        return true;
      }
      Long newest = latest.get(ByteBuffer.wrap(r.key()));
      if (newest != null && newest != r.offset()) {
        return false;
      }
      return !(r.isTombstone() && r.timestamp() < tombstoneHorizon);
    }

    private void write(ByteBuffer batchBytes) {
      if (target == null) {
        target = log.createCleanedSegment(source.baseOffset());
      }
      target.append(batchBytes, List.of(new RecordBatch(batchBytes, batchBytes.position())));
    }

    /** The cleaned segment, or null when nothing survived. */
    LogSegment finish() {
      return target;
    }

    void abandon() {
      if (target != null) {
        target.closeAndDelete();
      }
    }
  }
}
