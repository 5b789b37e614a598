package io.runnel.flink.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Flink watermarks from the native stream times, for what needs to know that stream time has
 * passed a point everywhere (suppress, and the aggregations flushing a window's last change before
 * it closes): after a source stage, the watermark is the smallest stream time of the log
 * partitions its subtask has read records of (each record carries its partition and that
 * partition's stream time), so downstream, where Flink takes the minimum over all input channels,
 * a watermark {@code W} means every partition seen has reached stream time {@code W}. A subtask
 * without records for {@link #IDLE_AFTER} is idle (left out of the minimum), so a source subtask
 * with no partitions does not hold everything back; a partition silent that long may see a window
 * close before its own stream time reaches it (an approximation). Partitions not read yet do not
 * count.
 *
 * <p>The generator is not thread-safe: one per source subtask, called by its task thread.
 */
final class StreamTimeWatermarks implements WatermarkGenerator<BridgeRecord> {
  /** How long a source subtask without records waits before it is idle. */
  static final Duration IDLE_AFTER = Duration.ofSeconds(2);

  private final Map<Integer, Long> streamTimes = new HashMap<>();

  private StreamTimeWatermarks() {}

  /** The strategy: event time is the record's timestamp, watermarks as described above. */
  static WatermarkStrategy<BridgeRecord> strategy() {
    return WatermarkStrategy.<BridgeRecord>forGenerator(context -> new StreamTimeWatermarks())
        .withTimestampAssigner((record, previous) -> record.timestamp)
        .withIdleness(IDLE_AFTER);
  }

  @Override
  public void onEvent(BridgeRecord record, long eventTimestamp, WatermarkOutput output) {
    if (record.partition >= 0 && record.streamTime >= 0) {
      streamTimes.merge(record.partition, record.streamTime, Math::max);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (streamTimes.isEmpty()) {
      return;
    }
    long min = Long.MAX_VALUE;
    for (long streamTime : streamTimes.values()) {
      min = Math.min(min, streamTime);
    }
    output.emitWatermark(new Watermark(min));
  }
}
