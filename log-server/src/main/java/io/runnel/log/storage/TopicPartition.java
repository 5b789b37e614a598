package io.runnel.log.storage;

/** A topic partition, named on disk {@code <topic>-<partition>} as Kafka names it. */
public record TopicPartition(String topic, int partition) {

  public TopicPartition {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("a topic name cannot be empty");
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition of topic '" + topic + "' cannot be negative: " + partition);
    }
  }

  public String dirName() {
    return topic + "-" + partition;
  }

  /** Parses a directory name; null when it is not {@code <topic>-<partition>}. */
  public static TopicPartition parse(String dirName) {
    int dash = dirName.lastIndexOf('-');
    if (dash <= 0 || dash == dirName.length() - 1) {
      return null;
    }
    try {
      return new TopicPartition(dirName.substring(0, dash), Integer.parseInt(dirName.substring(dash + 1)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return dirName();
  }
}
