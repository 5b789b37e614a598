package io.runnel.streams.internal;

import io.runnel.streams.StreamsException;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.TopicSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The partition counts of the topics a topology writes: those known at start (checked then), and
 * topics chosen per record by a {@code TopicNameExtractor}, looked up in the log on first use and
 * remembered.
 *
 * <p>Not thread-safe: the stream thread only.
 */
final class TopicPartitionCounts {
  private final Log log;
  private final Map<String, Integer> counts;

  /** Counts known at start, and the log to ask about other topics. */
  TopicPartitionCounts(Log log, Map<String, Integer> known) {
    this.log = log;
    this.counts = new HashMap<>(known);
  }

  /**
   * The partition count of {@code topic} (resolved name).
   *
   * @throws StreamsException if the topic does not exist
   */
  int of(String topic) {
    Integer count = counts.get(topic);
    if (count == null) {
      count =
          log.describeTopic(topic)
              .map(TopicSpec::partitions)
              .orElseThrow(
                  () ->
                      new StreamsException(
                          "sink topic '" + topic + "' does not exist; create it first"));
      counts.put(topic, count);
    }
    return count;
  }
}
