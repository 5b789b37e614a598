package io.runnel.streams.log;

import java.util.Objects;

/**
 * One partition of a topic.
 *
 * @param topic the topic name
 * @param partition the partition number, from 0
 */
public record TopicPartition(String topic, int partition) {
  /** Checks the fields. */
  public TopicPartition {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition of " + topic + " must be >= 0: " + partition);
    }
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
