package io.runnel.log.group;

import io.runnel.log.group.OffsetsTopicFormat.Entry;
import io.runnel.log.group.OffsetsTopicFormat.GroupEntry;
import io.runnel.log.group.OffsetsTopicFormat.OffsetEntry;
import io.runnel.log.server.Broker;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.TopicPartition;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The committed offsets of groups: commits checked against the group's membership, fetches and
 * deletions. A change is appended to the offsets topic first and applied to the group's map only
 * once the append succeeded, so memory never runs ahead of the log.
 *
 * <p>Every method that takes a {@link Group} must be called inside {@code group.locked(...)}, which
 * also orders the group's appends. A change is applied to the group (under its lock again) only
 * once every in-sync replica of the offsets partition has it; results are futures that complete
 * then (at once with a single in-sync replica).
 */
final class GroupOffsets {
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

  /**
   * Stores the offsets of {@code request}; the result (an error per partition, in request order)
   * completes once every in-sync replica has them, and only then are they applied to the group.
   * {@code onApplied} runs under the group's lock after that (the coordinator forgets a group left
   * unused).
   */
  CompletableFuture<Map<TopicPartition, GroupError>> commit(Group group, CommitRequest request,
      Consumer<Group> onApplied) {
    if (group.state == GroupState.DEAD) {
      return done(allFailed(request.offsets().keySet(), GroupError.COORDINATOR_NOT_AVAILABLE));
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
        return done(allFailed(request.offsets().keySet(), error));
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
      onApplied.accept(group);
      return done(result);
    }
    return group.afterWrite(offsetsTopic.append(group.groupId, entries), writeError -> {
      for (OffsetEntry entry : entries) {
        if (writeError != GroupError.NONE) {
          result.put(entry.partition(), writeError);
        } else if (group.state != GroupState.DEAD) {
          group.offsets.put(entry.partition(), entry.offset());
        }
      }
      onApplied.accept(group);
      return result;
    });
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

  /**
   * Deletes the offsets of {@code partitions} (tombstones), completing once every in-sync replica
   * has them; {@code onApplied} runs under the group's lock after they are applied.
   */
  CompletableFuture<OffsetDeleteResult> delete(Group group, List<TopicPartition> partitions,
      Consumer<Group> onApplied) {
    if (group.state == GroupState.DEAD) {
      return done(new OffsetDeleteResult(GroupError.GROUP_ID_NOT_FOUND, Map.of()));
    }
    Set<String> subscribed = Set.of();
    if (group.state != GroupState.EMPTY) {
      Optional<Set<String>> topics = group.subscribedTopics();
      if (topics.isEmpty()) {
        return done(new OffsetDeleteResult(GroupError.NON_EMPTY_GROUP, Map.of()));
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
    if (tombstones.isEmpty()) {
      onApplied.accept(group);
      return done(new OffsetDeleteResult(GroupError.NONE, result));
    }
    return group.afterWrite(offsetsTopic.append(group.groupId, tombstones), writeError -> {
      if (writeError != GroupError.NONE) {
        return new OffsetDeleteResult(writeError, Map.of());
      }
      for (OffsetEntry t : tombstones) {
        group.offsets.remove(t.partition());
      }
      onApplied.accept(group);
      return new OffsetDeleteResult(GroupError.NONE, result);
    });
  }

  /**
   * Writes tombstones for every offset and for the metadata of {@code group}; the outcome completes
   * once every in-sync replica has them, and the group's offsets are forgotten then.
   */
  CompletableFuture<GroupError> deleteAll(Group group, Consumer<GroupError> onWritten) {
    List<Entry> tombstones = new ArrayList<>();
    for (TopicPartition tp : group.offsets.keySet()) {
      tombstones.add(new OffsetEntry(group.groupId, tp, null, -1));
    }
    tombstones.add(new GroupEntry(group.groupId, null));
    return group.afterWrite(offsetsTopic.append(group.groupId, tombstones), writeError -> {
      if (writeError == GroupError.NONE) {
        group.offsets.clear();
      }
      onWritten.accept(writeError);
      return writeError;
    });
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  static Map<TopicPartition, GroupError> allFailed(Collection<TopicPartition> partitions, GroupError error) {
    Map<TopicPartition, GroupError> out = new LinkedHashMap<>();
    for (TopicPartition tp : partitions) {
      out.put(tp, error);
    }
    return out;
  }
}
