package io.runnel.log.group;

import io.runnel.log.storage.TopicPartition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of an OffsetDelete: a group-level error, or one error (or NONE) per partition. */
public record OffsetDeleteResult(GroupError error, Map<TopicPartition, GroupError> partitions) {
  public OffsetDeleteResult {
    partitions = Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
  }
}
