package io.runnel.samples.support;

import io.runnel.streams.log.Log;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Creates the topics a sample needs, leaving existing ones as they are (a restarted sample). */
public final class Topics {
  private Topics() {}

  /**
   * Creates each of {@code topics} with {@code partitions} partitions unless it exists.
   *
   * @return the partition count of the first topic (an existing one keeps its own)
   */
  public static int create(Log log, int partitions, String... topics) {
    for (String topic : topics) {
      log.createTopic(TopicSpec.of(topic, partitions));
    }
    return partitionsOf(log, topics[0]).size();
  }

  /** The partitions of {@code topic}, which must exist. */
  public static List<TopicPartition> partitionsOf(Log log, String topic) {
    TopicSpec spec =
        log.describeTopic(topic)
            .orElseThrow(() -> new IllegalStateException("topic '" + topic + "' does not exist"));
    return IntStream.range(0, spec.partitions())
        .mapToObj(p -> new TopicPartition(topic, p))
        .toList();
  }

  /**
   * The option {@code partitions} of a sample: a positive number, {@code defaultValue} if unset.
   *
   * @throws IllegalArgumentException naming the option if it is not a positive number
   */
  public static int partitions(Map<String, String> options, int defaultValue) {
    return SampleRun.positiveInt(options, "partitions", defaultValue);
  }
}
