package io.runnel.log.group;

import io.runnel.log.storage.TopicPartition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OffsetCommit. A group member gives its member id and generation; a "simple" client that does
 * not use group membership gives generation -1 and an empty member id, which only a group without
 * members accepts (as Kafka does).
 */
public record CommitRequest(
    String groupId,
    int generationId,
    String memberId,
    String groupInstanceId,
    Map<TopicPartition, CommittedOffset> offsets) {

  public CommitRequest {
    memberId = memberId == null ? "" : memberId;
    offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
  }
}
