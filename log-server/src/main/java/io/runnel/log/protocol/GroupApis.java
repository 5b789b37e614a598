package io.runnel.log.protocol;

import io.runnel.log.group.CommitRequest;
import io.runnel.log.group.CommittedOffset;
import io.runnel.log.group.GroupCoordinator;
import io.runnel.log.group.GroupDescription;
import io.runnel.log.group.GroupError;
import io.runnel.log.group.GroupListing;
import io.runnel.log.group.GroupState;
import io.runnel.log.group.JoinProtocol;
import io.runnel.log.group.JoinRequest;
import io.runnel.log.group.JoinResult;
import io.runnel.log.group.LeaveResult;
import io.runnel.log.group.LeavingMember;
import io.runnel.log.group.OffsetDeleteResult;
import io.runnel.log.group.OffsetFetchResult;
import io.runnel.log.group.SyncRequest;
import io.runnel.log.group.SyncResult;
import io.runnel.log.server.ServerConfig;
import io.runnel.log.storage.TopicPartition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;

/**
 * The Kafka protocol of consumer groups: translates FindCoordinator, JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, ListGroups, DescribeGroups, DeleteGroups and
 * OffsetDelete requests, at every version registered, into calls of the {@link GroupCoordinator}
 * and its answers (and {@link GroupError}s) back into response bodies.
 *
 * <p>FindCoordinator names the leader of the group's partition of {@code __consumer_offsets}
 * (creating that topic on first use); transaction keys get
 * COORDINATOR_NOT_AVAILABLE (transactions are not implemented yet), share-group keys
 * INVALID_REQUEST. OffsetCommit v10 and OffsetFetch v10 name topics by id, resolved through the
 * broker's topics (UNKNOWN_TOPIC_ID when there is no such topic).
 *
 * <p>OffsetCommit, SyncGroup, OffsetDelete and DeleteGroups answer once every in-sync replica of
 * the group's {@code __consumer_offsets} partition has what they wrote (the coordinator's futures
 * complete then, on its own thread: no request or network thread waits).
 *
 * <p>Stateless apart from the coordinator and the address supplier: handlers run on any request
 * thread; JoinGroup, SyncGroup and the writes above answer when the coordinator's futures complete.
 */
public final class GroupApis {
  private static final byte KEY_TYPE_GROUP = 0;
  private static final byte KEY_TYPE_TRANSACTION = 1;
  private static final String GROUP_TYPE_CLASSIC = "classic";

  private final GroupCoordinator coordinator;
  private final Supplier<ServerConfig.Listener> address;

  private GroupApis(GroupCoordinator coordinator, Supplier<ServerConfig.Listener> address) {
    this.coordinator = coordinator;
    this.address = address;
  }

  /**
   * Registers the group APIs in {@code table}, at the versions they are implemented for.
   *
   * @param coordinator a started coordinator (see {@link GroupCoordinator#start})
   * @param address the host and port FindCoordinator gives clients (the advertised listener), asked
   *     at each request since the port is known only once the server is bound
   */
  public static void register(ApiTable table, GroupCoordinator coordinator,
      Supplier<ServerConfig.Listener> address) {
    GroupApis apis = new GroupApis(coordinator, address);
    table.register(ApiKeys.FIND_COORDINATOR, 0, 6, apis::findCoordinator);
    table.register(ApiKeys.JOIN_GROUP, 0, 9, apis::joinGroup);
    table.register(ApiKeys.SYNC_GROUP, 0, 5, apis::syncGroup);
    table.register(ApiKeys.HEARTBEAT, 0, 4, apis::heartbeat);
    table.register(ApiKeys.LEAVE_GROUP, 0, 5, apis::leaveGroup);
    table.register(ApiKeys.OFFSET_COMMIT, 2, 10, apis::offsetCommit);
    table.register(ApiKeys.OFFSET_FETCH, 1, 10, apis::offsetFetch);
    table.register(ApiKeys.LIST_GROUPS, 0, 5, apis::listGroups);
    table.register(ApiKeys.DESCRIBE_GROUPS, 0, 6, apis::describeGroups);
    table.register(ApiKeys.DELETE_GROUPS, 0, 3, apis::deleteGroups);
    table.register(ApiKeys.OFFSET_DELETE, 0, 0, apis::offsetDelete);
  }

  // ---------------------------------------------------------------- FindCoordinator

  private CompletableFuture<ApiMessage> findCoordinator(RequestContext context, AbstractRequest request) {
    FindCoordinatorRequestData data = ((FindCoordinatorRequest) request).data();
    short version = context.version();
    if (version < 4) {
      FindCoordinatorResponseData.Coordinator c = coordinatorFor(data.keyType(), data.key());
      FindCoordinatorResponseData response = new FindCoordinatorResponseData()
          .setErrorCode(c.errorCode())
          .setNodeId(c.nodeId())
          .setHost(c.host())
          .setPort(c.port());
      if (version >= 1) {
        response.setErrorMessage(c.errorMessage());
      }
      return done(response);
    }
    List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
    for (String key : data.coordinatorKeys()) {
      coordinators.add(coordinatorFor(data.keyType(), key));
    }
    return done(new FindCoordinatorResponseData().setCoordinators(coordinators));
  }

  private FindCoordinatorResponseData.Coordinator coordinatorFor(byte keyType, String key) {
    FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator()
        .setKey(key).setNodeId(-1).setHost("").setPort(-1);
    if (keyType == KEY_TYPE_TRANSACTION) {
      return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
          .setErrorMessage("transactions are not supported by this broker yet");
    }
    if (keyType != KEY_TYPE_GROUP) {
      return c.setErrorCode(Errors.INVALID_REQUEST.code())
          .setErrorMessage("coordinator key type " + keyType + " is not supported (only groups are)");
    }
    GroupCoordinator.Lookup found = coordinator.findCoordinator(key);
    if (found.error() != GroupError.NONE) {
      return c.setErrorCode(code(found.error())).setErrorMessage(null);
    }
    if (found.nodeId() == coordinator.nodeId()) {
      ServerConfig.Listener listener = address.get();
      return c.setNodeId(found.nodeId()).setHost(listener.host()).setPort(listener.port())
          .setErrorCode(Errors.NONE.code()).setErrorMessage(null);
    }
    GroupCoordinator.Node node = found.endpoint();
    return c.setNodeId(node.nodeId()).setHost(node.host()).setPort(node.port())
        .setErrorCode(Errors.NONE.code()).setErrorMessage(null);
  }

  // ---------------------------------------------------------------- JoinGroup, SyncGroup, Heartbeat, LeaveGroup

  private CompletableFuture<ApiMessage> joinGroup(RequestContext context, AbstractRequest request) {
    JoinGroupRequestData data = ((JoinGroupRequest) request).data();
    short version = context.version();
    List<JoinProtocol> protocols = new ArrayList<>();
    for (JoinGroupRequestData.JoinGroupRequestProtocol p : data.protocols()) {
      protocols.add(new JoinProtocol(p.name(), p.metadata()));
    }
    // v0 has no rebalance timeout: the session timeout stands in, as in Kafka.
    int rebalanceTimeoutMs = version == 0 || data.rebalanceTimeoutMs() <= 0
        ? data.sessionTimeoutMs() : data.rebalanceTimeoutMs();
    JoinRequest join = new JoinRequest(data.groupId(), data.memberId(), data.groupInstanceId(), context.clientId(),
        clientHost(context), data.sessionTimeoutMs(), rebalanceTimeoutMs, data.protocolType(), protocols,
        version >= 4, version >= 9, data.reason());
    return coordinator.join(join).thenApply(result -> joinResponse(result, version));
  }

  private static ApiMessage joinResponse(JoinResult result, short version) {
    List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
    for (JoinResult.JoinedMember m : result.members()) {
      members.add(new JoinGroupResponseData.JoinGroupResponseMember()
          .setMemberId(m.memberId())
          .setGroupInstanceId(m.groupInstanceId())
          .setMetadata(m.metadata()));
    }
    String protocolName = result.protocolName();
    if (protocolName == null && version < 7) {
      protocolName = ""; // nullable only from v7
    }
    return new JoinGroupResponseData()
        .setErrorCode(code(result.error()))
        .setGenerationId(result.generationId())
        .setProtocolType(result.protocolType())
        .setProtocolName(protocolName)
        .setLeader(result.leaderId() == null ? "" : result.leaderId())
        .setSkipAssignment(result.skipAssignment())
        .setMemberId(result.memberId())
        .setMembers(members);
  }

  private CompletableFuture<ApiMessage> syncGroup(RequestContext context, AbstractRequest request) {
    SyncGroupRequestData data = ((SyncGroupRequest) request).data();
    Map<String, byte[]> assignments = new HashMap<>();
    for (SyncGroupRequestData.SyncGroupRequestAssignment a : data.assignments()) {
      assignments.put(a.memberId(), a.assignment());
    }
    SyncRequest sync = new SyncRequest(data.groupId(), data.generationId(), data.memberId(), data.groupInstanceId(),
        data.protocolType(), data.protocolName(), assignments);
    return coordinator.sync(sync).thenApply(GroupApis::syncResponse);
  }

  private static ApiMessage syncResponse(SyncResult result) {
    return new SyncGroupResponseData()
        .setErrorCode(code(result.error()))
        .setProtocolType(result.protocolType())
        .setProtocolName(result.protocolName())
        .setAssignment(result.assignment());
  }

  private CompletableFuture<ApiMessage> heartbeat(RequestContext context, AbstractRequest request) {
    HeartbeatRequestData data = ((HeartbeatRequest) request).data();
    GroupError error = coordinator.heartbeat(data.groupId(), data.generationId(), data.memberId(),
        data.groupInstanceId());
    return done(new HeartbeatResponseData().setErrorCode(code(error)));
  }

  private CompletableFuture<ApiMessage> leaveGroup(RequestContext context, AbstractRequest request) {
    LeaveGroupRequestData data = ((LeaveGroupRequest) request).data();
    short version = context.version();
    List<LeavingMember> leaving = new ArrayList<>();
    if (version < 3) {
      leaving.add(new LeavingMember(data.memberId(), null, null));
    } else {
      for (LeaveGroupRequestData.MemberIdentity m : data.members()) {
        leaving.add(new LeavingMember(m.memberId(), m.groupInstanceId(), m.reason()));
      }
    }
    LeaveResult result = coordinator.leave(data.groupId(), leaving);
    LeaveGroupResponseData response = new LeaveGroupResponseData();
    if (version < 3) {
      // One member, no per-member list: its outcome is the response's error.
      GroupError error = result.error() != GroupError.NONE || result.members().isEmpty()
          ? result.error() : result.members().get(0).error();
      return done(response.setErrorCode(code(error)));
    }
    response.setErrorCode(code(result.error()));
    List<LeaveGroupResponseData.MemberResponse> members = new ArrayList<>();
    for (LeaveResult.MemberResult m : result.members()) {
      members.add(new LeaveGroupResponseData.MemberResponse()
          .setMemberId(m.memberId())
          .setGroupInstanceId(m.groupInstanceId())
          .setErrorCode(code(m.error())));
    }
    return done(response.setMembers(members));
  }

  // ---------------------------------------------------------------- offsets

  private CompletableFuture<ApiMessage> offsetCommit(RequestContext context, AbstractRequest request) {
    OffsetCommitRequestData data = ((OffsetCommitRequest) request).data();
    short version = context.version();
    Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(); // per request topic: its name, or null when unknown
    for (OffsetCommitRequestData.OffsetCommitRequestTopic t : data.topics()) {
      String name = version >= 10 ? coordinator.topicName(toUuid(t.topicId())).orElse(null) : t.name();
      names.add(name);
      for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
        TopicPartition tp = partition(name, p.partitionIndex());
        if (tp != null) {
          offsets.put(tp, new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
        }
      }
    }
    return coordinator.commitOffsets(new CommitRequest(data.groupId(), data.generationIdOrMemberEpoch(),
        data.memberId(), data.groupInstanceId(), offsets)).thenApply(errors -> offsetCommitResponse(data, version,
        names, errors));
  }

  private static ApiMessage offsetCommitResponse(OffsetCommitRequestData data, short version, List<String> names,
      Map<TopicPartition, GroupError> errors) {
    OffsetCommitResponseData response = new OffsetCommitResponseData();
    for (int i = 0; i < data.topics().size(); i++) {
      OffsetCommitRequestData.OffsetCommitRequestTopic t = data.topics().get(i);
      String name = names.get(i);
      OffsetCommitResponseData.OffsetCommitResponseTopic topic = new OffsetCommitResponseData.OffsetCommitResponseTopic()
          .setName(t.name())
          .setTopicId(t.topicId());
      for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
        Errors error;
        if (name == null) {
          error = Errors.UNKNOWN_TOPIC_ID;
        } else {
          TopicPartition tp = partition(name, p.partitionIndex());
          GroupError e = tp == null ? GroupError.UNKNOWN_TOPIC_OR_PARTITION : errors.get(tp);
          // Before v9 a member commit to a missing group is an illegal generation.
          error = e == GroupError.GROUP_ID_NOT_FOUND && version < 9 ? Errors.ILLEGAL_GENERATION : errors(e);
        }
        topic.partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
            .setPartitionIndex(p.partitionIndex())
            .setErrorCode(error.code()));
      }
      response.topics().add(topic);
    }
    return response;
  }

  private CompletableFuture<ApiMessage> offsetFetch(RequestContext context, AbstractRequest request) {
    OffsetFetchRequestData data = ((OffsetFetchRequest) request).data();
    short version = context.version();
    if (version < 8) {
      return done(offsetFetchSingleGroup(data, version));
    }
    OffsetFetchResponseData response = new OffsetFetchResponseData();
    for (OffsetFetchRequestData.OffsetFetchRequestGroup g : data.groups()) {
      response.groups().add(offsetFetchGroup(g, version));
    }
    return done(response);
  }

  /** OffsetFetch v1 to v7: one group, topics by name, a top-level error from v2. */
  private OffsetFetchResponseData offsetFetchSingleGroup(OffsetFetchRequestData data, short version) {
    List<TopicPartition> asked = null;
    if (data.topics() != null) {
      asked = new ArrayList<>();
      for (OffsetFetchRequestData.OffsetFetchRequestTopic t : data.topics()) {
        for (int p : t.partitionIndexes()) {
          TopicPartition tp = partition(t.name(), p);
          if (tp != null) {
            asked.add(tp);
          }
        }
      }
    }
    OffsetFetchResult result = coordinator.fetchOffsets(data.groupId(), asked);
    OffsetFetchResponseData response = new OffsetFetchResponseData();
    if (result.error() != GroupError.NONE && version >= 2) {
      return response.setErrorCode(code(result.error()));
    }
    Map<String, OffsetFetchResponseData.OffsetFetchResponseTopic> topics = new LinkedHashMap<>();
    if (result.error() != GroupError.NONE) {
      // v1 has no top-level error: every partition asked for carries it.
      for (TopicPartition tp : asked == null ? List.<TopicPartition>of() : asked) {
        topics.computeIfAbsent(tp.topic(), n -> new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(n))
            .partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                .setPartitionIndex(tp.partition()).setCommittedOffset(-1).setMetadata("")
                .setErrorCode(code(result.error())));
      }
    } else {
      for (Map.Entry<TopicPartition, CommittedOffset> e : result.offsets().entrySet()) {
        CommittedOffset o = e.getValue();
        topics.computeIfAbsent(e.getKey().topic(), n -> new OffsetFetchResponseData.OffsetFetchResponseTopic()
                .setName(n))
            .partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                .setPartitionIndex(e.getKey().partition())
                .setCommittedOffset(o.offset())
                .setCommittedLeaderEpoch(o.leaderEpoch())
                .setMetadata(o.metadata())
                .setErrorCode(Errors.NONE.code()));
      }
    }
    return response.setTopics(new ArrayList<>(topics.values()));
  }

  /** OffsetFetch v8+: one group of a batch; topics by name (v8, v9) or by id (v10). */
  private OffsetFetchResponseData.OffsetFetchResponseGroup offsetFetchGroup(
      OffsetFetchRequestData.OffsetFetchRequestGroup g, short version) {
    boolean byId = version >= 10;
    OffsetFetchResponseData.OffsetFetchResponseGroup out = new OffsetFetchResponseData.OffsetFetchResponseGroup()
        .setGroupId(g.groupId());
    List<TopicPartition> asked = null;
    List<OffsetFetchResponseData.OffsetFetchResponseTopics> unknownIds = new ArrayList<>();
    if (g.topics() != null) {
      asked = new ArrayList<>();
      for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
        String name = byId ? coordinator.topicName(toUuid(t.topicId())).orElse(null) : t.name();
        if (name == null) {
          OffsetFetchResponseData.OffsetFetchResponseTopics unknown = new OffsetFetchResponseData
              .OffsetFetchResponseTopics().setTopicId(t.topicId());
          for (int p : t.partitionIndexes()) {
            unknown.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                .setPartitionIndex(p).setCommittedOffset(-1).setMetadata("")
                .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
          }
          unknownIds.add(unknown);
          continue;
        }
        for (int p : t.partitionIndexes()) {
          TopicPartition tp = partition(name, p);
          if (tp != null) {
            asked.add(tp);
          }
        }
      }
    }
    OffsetFetchResult result = coordinator.fetchOffsets(g.groupId(), asked);
    if (result.error() != GroupError.NONE) {
      return out.setErrorCode(code(result.error()));
    }
    Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, CommittedOffset> e : result.offsets().entrySet()) {
      String name = e.getKey().topic();
      OffsetFetchResponseData.OffsetFetchResponseTopics topic = topics.get(name);
      if (topic == null) {
        topic = new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(name);
        if (byId) {
          Optional<UUID> id = coordinator.topicId(name);
          if (id.isEmpty()) {
            continue; // a deleted topic has no id to report it under
          }
          topic.setTopicId(toUuid(id.get()));
        }
        topics.put(name, topic);
      }
      CommittedOffset o = e.getValue();
      topic.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
          .setPartitionIndex(e.getKey().partition())
          .setCommittedOffset(o.offset())
          .setCommittedLeaderEpoch(o.leaderEpoch())
          .setMetadata(o.metadata())
          .setErrorCode(Errors.NONE.code()));
    }
    List<OffsetFetchResponseData.OffsetFetchResponseTopics> all = new ArrayList<>(topics.values());
    all.addAll(unknownIds);
    return out.setTopics(all);
  }

  private CompletableFuture<ApiMessage> offsetDelete(RequestContext context, AbstractRequest request) {
    OffsetDeleteRequestData data = ((OffsetDeleteRequest) request).data();
    List<TopicPartition> partitions = new ArrayList<>();
    for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : data.topics()) {
      for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : t.partitions()) {
        TopicPartition tp = partition(t.name(), p.partitionIndex());
        if (tp != null) {
          partitions.add(tp);
        }
      }
    }
    return coordinator.deleteOffsets(data.groupId(), partitions).thenApply(result -> offsetDeleteResponse(data,
        result));
  }

  private static ApiMessage offsetDeleteResponse(OffsetDeleteRequestData data, OffsetDeleteResult result) {
    OffsetDeleteResponseData response = new OffsetDeleteResponseData();
    if (result.error() != GroupError.NONE) {
      return response.setErrorCode(code(result.error()));
    }
    for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : data.topics()) {
      OffsetDeleteResponseData.OffsetDeleteResponseTopic topic = response.topics().find(t.name());
      if (topic == null) {
        topic = new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(t.name());
        response.topics().add(topic);
      }
      for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : t.partitions()) {
        TopicPartition tp = partition(t.name(), p.partitionIndex());
        GroupError e = tp == null ? GroupError.UNKNOWN_TOPIC_OR_PARTITION : result.partitions().get(tp);
        if (topic.partitions().find(p.partitionIndex()) == null) {
          topic.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
              .setPartitionIndex(p.partitionIndex())
              .setErrorCode(code(e)));
        }
      }
    }
    return response;
  }

  // ---------------------------------------------------------------- administration

  private CompletableFuture<ApiMessage> listGroups(RequestContext context, AbstractRequest request) {
    ListGroupsRequestData data = ((ListGroupsRequest) request).data();
    ListGroupsResponseData response = new ListGroupsResponseData();
    GroupError status = coordinator.status();
    if (status != GroupError.NONE) {
      return done(response.setErrorCode(code(status)));
    }
    Set<GroupState> states = EnumSet.noneOf(GroupState.class);
    for (String s : data.statesFilter()) {
      GroupState.parse(s).ifPresent(states::add);
    }
    boolean noStateMatches = !data.statesFilter().isEmpty() && states.isEmpty();
    boolean noTypeMatches = !data.typesFilter().isEmpty()
        && data.typesFilter().stream().noneMatch(t -> t.toLowerCase(Locale.ROOT).equals(GROUP_TYPE_CLASSIC));
    if (noStateMatches || noTypeMatches) {
      return done(response);
    }
    for (GroupListing g : coordinator.listGroups(states)) {
      response.groups().add(new ListGroupsResponseData.ListedGroup()
          .setGroupId(g.groupId())
          .setProtocolType(g.protocolType())
          .setGroupState(g.state().displayName())
          .setGroupType(GROUP_TYPE_CLASSIC));
    }
    return done(response);
  }

  private CompletableFuture<ApiMessage> describeGroups(RequestContext context, AbstractRequest request) {
    short version = context.version();
    DescribeGroupsResponseData response = new DescribeGroupsResponseData();
    for (String groupId : ((DescribeGroupsRequest) request).data().groups()) {
      GroupDescription d = coordinator.describeGroup(groupId);
      DescribeGroupsResponseData.DescribedGroup group = new DescribeGroupsResponseData.DescribedGroup()
          .setGroupId(groupId)
          .setGroupState(d.state().displayName())
          .setProtocolType(d.protocolType())
          .setProtocolData(d.protocolName() == null ? "" : d.protocolName());
      if (d.error() == GroupError.GROUP_ID_NOT_FOUND && version < 6) {
        // Before v6 a missing group is described as Dead, without error.
        group.setErrorCode(Errors.NONE.code());
      } else {
        group.setErrorCode(code(d.error()));
        if (d.error() != GroupError.NONE && version >= 6) {
          group.setErrorMessage(d.error() == GroupError.GROUP_ID_NOT_FOUND
              ? "group '" + groupId + "' not found" : null);
        }
      }
      for (GroupDescription.MemberDescription m : d.members()) {
        group.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
            .setMemberId(m.memberId())
            .setGroupInstanceId(m.groupInstanceId())
            .setClientId(m.clientId())
            .setClientHost(m.clientHost())
            .setMemberMetadata(m.metadata())
            .setMemberAssignment(m.assignment()));
      }
      response.groups().add(group);
    }
    return done(response);
  }

  private CompletableFuture<ApiMessage> deleteGroups(RequestContext context, AbstractRequest request) {
    DeleteGroupsRequestData data = ((DeleteGroupsRequest) request).data();
    return coordinator.deleteGroups(data.groupsNames()).thenApply(results -> deleteGroupsResponse(data, results));
  }

  private static ApiMessage deleteGroupsResponse(DeleteGroupsRequestData data, Map<String, GroupError> results) {
    DeleteGroupsResponseData response = new DeleteGroupsResponseData();
    for (String groupId : data.groupsNames()) {
      if (response.results().find(groupId) == null) {
        response.results().add(new DeleteGroupsResponseData.DeletableGroupResult()
            .setGroupId(groupId)
            .setErrorCode(code(results.get(groupId))));
      }
    }
    return response;
  }

  // ---------------------------------------------------------------- translation

  /** The Kafka error of a coordinator outcome (exhaustive: a new outcome without one does not compile). */
  static Errors errors(GroupError error) {
    return switch (error) {
      case NONE -> Errors.NONE;
      case COORDINATOR_LOAD_IN_PROGRESS -> Errors.COORDINATOR_LOAD_IN_PROGRESS;
      case COORDINATOR_NOT_AVAILABLE -> Errors.COORDINATOR_NOT_AVAILABLE;
      case NOT_COORDINATOR -> Errors.NOT_COORDINATOR;
      case INVALID_GROUP_ID -> Errors.INVALID_GROUP_ID;
      case GROUP_ID_NOT_FOUND -> Errors.GROUP_ID_NOT_FOUND;
      case UNKNOWN_MEMBER_ID -> Errors.UNKNOWN_MEMBER_ID;
      case MEMBER_ID_REQUIRED -> Errors.MEMBER_ID_REQUIRED;
      case ILLEGAL_GENERATION -> Errors.ILLEGAL_GENERATION;
      case REBALANCE_IN_PROGRESS -> Errors.REBALANCE_IN_PROGRESS;
      case INCONSISTENT_GROUP_PROTOCOL -> Errors.INCONSISTENT_GROUP_PROTOCOL;
      case INVALID_SESSION_TIMEOUT -> Errors.INVALID_SESSION_TIMEOUT;
      case FENCED_INSTANCE_ID -> Errors.FENCED_INSTANCE_ID;
      case NON_EMPTY_GROUP -> Errors.NON_EMPTY_GROUP;
      case GROUP_SUBSCRIBED_TO_TOPIC -> Errors.GROUP_SUBSCRIBED_TO_TOPIC;
      case UNKNOWN_TOPIC_OR_PARTITION -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
      case OFFSET_METADATA_TOO_LARGE -> Errors.OFFSET_METADATA_TOO_LARGE;
      case INVALID_COMMIT_OFFSET_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
      case REQUEST_TIMED_OUT -> Errors.REQUEST_TIMED_OUT;
    };
  }

  private static short code(GroupError error) {
    return errors(error).code();
  }

  /** The partition, or null when the name or index cannot be a partition (it is then unknown). */
  private static TopicPartition partition(String topic, int partition) {
    return topic == null || topic.isEmpty() || partition < 0 ? null : new TopicPartition(topic, partition);
  }

  /** "/ip" as Kafka reports a client host, from the connection's "ip:port". */
  private static String clientHost(RequestContext context) {
    String address = context.clientAddress();
    if (address == null) {
      return "";
    }
    int colon = address.lastIndexOf(':');
    return "/" + (colon > 0 ? address.substring(0, colon) : address);
  }

  private static UUID toUuid(Uuid id) {
    return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  private static Uuid toUuid(UUID id) {
    return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  private static CompletableFuture<ApiMessage> done(ApiMessage message) {
    return CompletableFuture.completedFuture(message);
  }
}
