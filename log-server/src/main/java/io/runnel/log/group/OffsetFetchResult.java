package io.runnel.log.group;

import io.runnel.log.storage.TopicPartition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of an OffsetFetch: a group-level error, or the committed offset of each partition
 * asked for ({@link CommittedOffset#NONE} when there is none), or of every partition the group has
 * committed when none were named.
 */
public record OffsetFetchResult(GroupError error, Map<TopicPartition, CommittedOffset> offsets) {
  public OffsetFetchResult {
    offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
  }
}
