package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.Entry;
import io.runnel.log.group.OffsetsTopicFormat.GroupEntry;
import io.runnel.log.group.OffsetsTopicFormat.OffsetEntry;
import io.runnel.log.server.Broker;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.RecordTooLargeException;
import io.runnel.log.storage.TopicPartition;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed offsets of groups: commits checked against the group's membership, fetches and
 * deletions. A change is appended to the offsets topic first and applied to the group's map only
 * once the append succeeded, so memory never runs ahead of the log.
 *
 * <p>Every method that takes a {@link Group} must be called inside {@code group.locked(...)}, which
 * also orders the group's appends.
 */
final class GroupOffsets {
  private static final Logger LOG = LoggerFactory.getLogger(GroupOffsets.class);

  private final Broker broker;
  private final InstantSource clock;
  private final OffsetsTopic offsetsTopic;
  private final GroupMembership membership;

  GroupOffsets(Broker broker, InstantSource clock, OffsetsTopic offsetsTopic, GroupMembership membership) {
    this.broker = broker;
    this.clock = clock;
    this.offsetsTopic = offsetsTopic;
    this.membership = membership;
  }

  Map<TopicPartition, GroupError> commit(Group group, CommitRequest request) {
    if (group.state == GroupState.DEAD) {
      return allFailed(request.offsets().keySet(), GroupError.COORDINATOR_NOT_AVAILABLE);
    }
    boolean simple = request.generationId() < 0 && group.state == GroupState.EMPTY;
    if (!simple) {
      GroupError error = GroupMembership.validateMember(group, request.memberId(), request.groupInstanceId());
      if (error == GroupError.NONE && request.generationId() != group.generationId) {
        error = GroupError.ILLEGAL_GENERATION;
      }
      if (error == GroupError.NONE && group.state == GroupState.COMPLETING_REBALANCE) {
        error = GroupError.REBALANCE_IN_PROGRESS;
      }
      if (error != GroupError.NONE) {
        return allFailed(request.offsets().keySet(), error);
      }
      membership.touch(group, request.memberId());
    }
    Map<TopicPartition, GroupError> result = new LinkedHashMap<>();
    List<OffsetEntry> entries = new ArrayList<>();
    long now = clock.millis();
    for (Map.Entry<TopicPartition, CommittedOffset> e : request.offsets().entrySet()) {
      GroupError partitionError = checkCommit(e.getKey(), e.getValue());
      result.put(e.getKey(), partitionError);
      if (partitionError == GroupError.NONE) {
        entries.add(new OffsetEntry(group.groupId, e.getKey(), e.getValue(), now));
      }
    }
    if (entries.isEmpty()) {
      return result;
    }
    GroupError writeError = append(group, entries);
    for (OffsetEntry entry : entries) {
      if (writeError == GroupError.NONE) {
        group.offsets.put(entry.partition(), entry.offset());
      } else {
        result.put(entry.partition(), writeError);
      }
    }
    return result;
  }

  private GroupError checkCommit(TopicPartition tp, CommittedOffset offset) {
    if (offset.metadata() != null && offset.metadata().length() > GroupCoordinator.OFFSET_METADATA_MAX_BYTES) {
      return GroupError.OFFSET_METADATA_TOO_LARGE;
    }
    return partitionExists(tp) ? GroupError.NONE : GroupError.UNKNOWN_TOPIC_OR_PARTITION;
  }

  private boolean partitionExists(TopicPartition tp) {
    Optional<Topic> topic = broker.topic(tp.topic());
    return topic.isPresent() && tp.partition() < topic.get().partitions();
  }

  /** The offsets of {@code partitions} (NONE where none), or all of them when {@code partitions} is null. */
  static Map<TopicPartition, CommittedOffset> fetch(Map<TopicPartition, CommittedOffset> committed,
      List<TopicPartition> partitions) {
    if (partitions == null) {
      return new LinkedHashMap<>(committed);
    }
    Map<TopicPartition, CommittedOffset> out = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      out.put(tp, committed.getOrDefault(tp, CommittedOffset.NONE));
    }
    return out;
  }

  OffsetDeleteResult delete(Group group, List<TopicPartition> partitions) {
    if (group.state == GroupState.DEAD) {
      return new OffsetDeleteResult(GroupError.GROUP_ID_NOT_FOUND, Map.of());
    }
    Set<String> subscribed = Set.of();
    if (group.state != GroupState.EMPTY) {
      Optional<Set<String>> topics = group.subscribedTopics();
      if (topics.isEmpty()) {
        return new OffsetDeleteResult(GroupError.NON_EMPTY_GROUP, Map.of());
      }
      subscribed = topics.get();
    }
    Map<TopicPartition, GroupError> result = new LinkedHashMap<>();
    List<OffsetEntry> tombstones = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (!partitionExists(tp)) {
        result.put(tp, GroupError.UNKNOWN_TOPIC_OR_PARTITION);
      } else if (subscribed.contains(tp.topic())) {
        result.put(tp, GroupError.GROUP_SUBSCRIBED_TO_TOPIC);
      } else {
        result.put(tp, GroupError.NONE);
        if (group.offsets.containsKey(tp)) {
          tombstones.add(new OffsetEntry(group.groupId, tp, null, -1));
        }
      }
    }
    if (!tombstones.isEmpty()) {
      GroupError writeError = append(group, tombstones);
      if (writeError != GroupError.NONE) {
        return new OffsetDeleteResult(writeError, Map.of());
      }
      for (OffsetEntry t : tombstones) {
        group.offsets.remove(t.partition());
      }
    }
    return new OffsetDeleteResult(GroupError.NONE, result);
  }

  /** Writes tombstones for every offset and for the metadata of {@code group}, then forgets its offsets. */
  GroupError deleteAll(Group group) {
    List<Entry> tombstones = new ArrayList<>();
    for (TopicPartition tp : group.offsets.keySet()) {
      tombstones.add(new OffsetEntry(group.groupId, tp, null, -1));
    }
    tombstones.add(new GroupEntry(group.groupId, null));
    GroupError writeError = append(group, tombstones);
    if (writeError == GroupError.NONE) {
      group.offsets.clear();
    }
    return writeError;
  }

  /** A failed write is a retriable error for the client, not a crash. */
  private GroupError append(Group group, List<? extends Entry> entries) {
    try {
      offsetsTopic.append(group.groupId, entries);
      return GroupError.NONE;
    } catch (RecordTooLargeException e) {
      return GroupError.INVALID_COMMIT_OFFSET_SIZE;
    } catch (RuntimeException e) {
      LOG.error("group '{}': cannot write to {}-{}: {}", group.groupId, OffsetsTopic.NAME,
          offsetsTopic.partitionFor(group.groupId), e.toString());
      return GroupError.COORDINATOR_NOT_AVAILABLE;
    }
  }

  static Map<TopicPartition, GroupError> allFailed(Collection<TopicPartition> partitions, GroupError error) {
    Map<TopicPartition, GroupError> out = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      out.put(tp, error);
    }
    return out;
  }
}
