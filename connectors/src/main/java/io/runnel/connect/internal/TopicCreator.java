package io.runnel.connect.internal;

import io.runnel.connect.ConnectException;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.TopicSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows the partition count of the topics connectors use, creating a missing topic with the
 * worker's default partition count. Thread-safe.
 */
public final class TopicCreator {
  private final Log log;
  private final int defaultPartitions;
  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

  /** Creates missing topics of {@code log} with {@code defaultPartitions} partitions. */
  public TopicCreator(Log log, int defaultPartitions) {
    this.log = log;
    this.defaultPartitions = defaultPartitions;
  }

  /**
   * The partition count of {@code topic}, created first if it is missing.
   *
   * @throws ConnectException naming the topic if the log cannot be reached
   */
  public int partitions(String topic) {
    return partitions.computeIfAbsent(topic, this::describeOrCreate);
  }

  private int describeOrCreate(String topic) {
    try {
      return log.describeTopic(topic)
          .orElseGet(
              () -> {
                TopicSpec spec = TopicSpec.of(topic, defaultPartitions);
                log.createTopic(spec);
                return log.describeTopic(topic).orElse(spec);
              })
          .partitions();
    } catch (LogException e) {
      throw new ConnectException("cannot describe or create topic '" + topic + "'", e);
    }
  }
}
