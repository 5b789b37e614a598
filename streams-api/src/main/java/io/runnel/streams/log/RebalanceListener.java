package io.runnel.streams.log;

import java.util.Collection;

/**
 * Hears partitions move in and out of a group member. Called on the thread that calls {@link
 * LogConsumer#poll}, inside the poll, revocations first; the consumer may be used from the callback
 * (to commit before giving partitions up, or to seek after getting them).
 */
public interface RebalanceListener {

  /** The member no longer owns {@code partitions}: commit what was processed of them. */
  void onPartitionsRevoked(Collection<TopicPartition> partitions);

  /** The member now owns {@code partitions}; its positions start from the committed offsets. */
  void onPartitionsAssigned(Collection<TopicPartition> partitions);
}
