package io.runnel.log.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.protocol.ApiTable;
import io.runnel.log.protocol.GroupApis;
import io.runnel.log.protocol.RequestContext;
import io.runnel.log.server.ServerConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group APIs as a kafka-clients client sees them: requests built by kafka-clients at every
 * registered version, sent through the wire format, answered by the handlers, and the answers
 * written and read back at the same version.
 */
class GroupApisTest {
  @TempDir
  Path dir;
  private CoordinatorFixture f;
  private final ApiTable table = new ApiTable();

  @BeforeEach
  void setUp() {
    f = CoordinatorFixture.start(dir);
    GroupApis.register(table, f.coordinator, () -> new ServerConfig.Listener("broker.local", 19092));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** Sends {@code request} through the wire format to its handler; the answer, once written and read back. */
  @SuppressWarnings("unchecked")
  private <T extends AbstractResponse> CompletableFuture<T> send(AbstractRequest request) {
    ApiKeys api = request.apiKey();
    short version = request.version();
    assertThat(table.accepts(api, version)).as("%s v%d is registered", api, version).isTrue();
    ByteBufferAccessor wire = request.serialize();
    AbstractRequest received = AbstractRequest.parseRequest(api, version, wire).request;
    RequestContext context = new RequestContext(new RequestHeader(api, version, "client-7", 1), "10.1.2.3:40000");
    return table.get(api).handler().handle(context, received).thenApply(body -> (T) roundTrip(api, version, body));
  }

  private <T extends AbstractResponse> T call(AbstractRequest request) {
    CompletableFuture<T> response = send(request);
    assertThat(response).isDone();
    return response.join();
  }

  private static AbstractResponse roundTrip(ApiKeys api, short version, ApiMessage body) {
    ObjectSerializationCache cache = new ObjectSerializationCache();
    ByteBuffer buffer = ByteBuffer.allocate(body.size(cache, version));
    body.write(new ByteBufferAccessor(buffer), cache, version);
    buffer.flip();
    return AbstractResponse.parseResponse(api, new ByteBufferAccessor(buffer), version);
  }

  @Test
  void exactlyTheImplementedVersionsAreRegistered() {
    Map<ApiKeys, int[]> expected = Map.ofEntries(
        Map.entry(ApiKeys.FIND_COORDINATOR, new int[] {0, 6}),
        Map.entry(ApiKeys.JOIN_GROUP, new int[] {0, 9}),
        Map.entry(ApiKeys.SYNC_GROUP, new int[] {0, 5}),
        Map.entry(ApiKeys.HEARTBEAT, new int[] {0, 4}),
        Map.entry(ApiKeys.LEAVE_GROUP, new int[] {0, 5}),
        Map.entry(ApiKeys.OFFSET_COMMIT, new int[] {2, 10}),
        Map.entry(ApiKeys.OFFSET_FETCH, new int[] {1, 10}),
        Map.entry(ApiKeys.LIST_GROUPS, new int[] {0, 5}),
        Map.entry(ApiKeys.DESCRIBE_GROUPS, new int[] {0, 6}),
        Map.entry(ApiKeys.DELETE_GROUPS, new int[] {0, 3}),
        Map.entry(ApiKeys.OFFSET_DELETE, new int[] {0, 0}));
    assertThat(table.entries()).containsOnlyKeys(expected.keySet());
    expected.forEach((api, range) -> {
      ApiTable.Entry e = table.get(api);
      assertThat(new int[] {e.minAdvertised(), e.maxVersion()}).as("%s", api).isEqualTo(range);
    });
  }

  @Test
  void findCoordinatorNamesThisNodeForGroupsAtEveryVersion() {
    for (short v = 0; v <= 3; v++) {
      FindCoordinatorResponse r = call(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
          .setKey("my-group").setKeyType((byte) 0)).build(v));
      assertThat(r.data().errorCode()).as("v%d", v).isZero();
      assertThat(r.data().nodeId()).isEqualTo(1);
      assertThat(r.data().host()).isEqualTo("broker.local");
      assertThat(r.data().port()).isEqualTo(19092);
    }
    for (short v = 4; v <= 6; v++) {
      FindCoordinatorResponse r = call(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
          .setKeyType((byte) 0).setCoordinatorKeys(List.of("a", "b"))).build(v));
      assertThat(r.data().coordinators()).as("v%d", v)
          .extracting(FindCoordinatorResponseData.Coordinator::key, FindCoordinatorResponseData.Coordinator::port,
              FindCoordinatorResponseData.Coordinator::errorCode)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 19092, (short) 0),
              org.assertj.core.groups.Tuple.tuple("b", 19092, (short) 0));
    }
    FindCoordinatorResponse txn = call(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
        .setKeyType((byte) 1).setCoordinatorKeys(List.of("tx"))).build((short) 6));
    assertThat(txn.data().coordinators().get(0).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
  }

  @Test
  void aMemberJoinsSyncsHeartbeatsCommitsAndLeavesAtEveryJoinGroupVersion() {
    for (short v = 0; v <= 9; v++) {
      String group = "group-v" + v;
      JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setMemberId("")
          .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(20_000).setProtocolType("consumer");
      join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
          .setMetadata(CoordinatorFixture.subscription("orders")));
      JoinGroupResponse first = call(new JoinGroupRequest.Builder(join).build(v));
      String memberId;
      JoinGroupResponseData joined;
      if (v >= 4) {
        assertThat(first.error()).as("v%d", v).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        memberId = first.data().memberId();
        joined = ((JoinGroupResponse) call(new JoinGroupRequest.Builder(join.duplicate().setMemberId(memberId))
            .build(v))).data();
      } else {
        joined = first.data();
        memberId = joined.memberId();
      }
      assertThat(joined.errorCode()).as("v%d", v).isZero();
      assertThat(memberId).startsWith("client-7-");
      assertThat(joined.generationId()).isEqualTo(1);
      assertThat(joined.protocolName()).isEqualTo("range");
      assertThat(joined.leader()).isEqualTo(memberId);
      assertThat(joined.members()).hasSize(1);

      short syncVersion = (short) Math.min(v, 5);
      SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId(group).setGenerationId(1)
          .setMemberId(memberId).setProtocolType(syncVersion >= 5 ? "consumer" : null)
          .setProtocolName(syncVersion >= 5 ? "range" : null)
          .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
              .setAssignment(new byte[] {4, 2})));
      SyncGroupResponseData synced = ((SyncGroupResponse) call(new SyncGroupRequest.Builder(sync)
          .build(syncVersion))).data();
      assertThat(synced.errorCode()).as("sync v%d", syncVersion).isZero();
      assertThat(synced.assignment()).containsExactly(4, 2);

      short heartbeatVersion = (short) Math.min(v, 4);
      HeartbeatResponse hb = call(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId(group)
          .setGenerationId(1).setMemberId(memberId)).build(heartbeatVersion));
      assertThat(hb.error()).isEqualTo(Errors.NONE);
      HeartbeatResponse stale = call(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId(group)
          .setGenerationId(0).setMemberId(memberId)).build(heartbeatVersion));
      assertThat(stale.error()).isEqualTo(Errors.ILLEGAL_GENERATION);

      short leaveVersion = (short) Math.min(v, 5);
      LeaveGroupResponse left = call(new LeaveGroupRequest.Builder(group, List.of(
          new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId))).build(leaveVersion));
      assertThat(left.topLevelError()).as("leave v%d", leaveVersion).isEqualTo(Errors.NONE);
      assertThat(f.coordinator.describeGroup(group).state()).isEqualTo(GroupState.EMPTY);
    }
  }

  @Test
  void aJoinAnswersWhenTheRebalanceCompletes() {
    String a = f.memberId("g");
    f.join("g", a, CoordinatorFixture.range("orders")).join();
    JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("g").setMemberId("")
        .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(20_000).setProtocolType("consumer");
    join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
        .setMetadata(CoordinatorFixture.subscription("orders")));
    String b = ((JoinGroupResponse) call(new JoinGroupRequest.Builder(join).build((short) 9))).data().memberId();

    CompletableFuture<JoinGroupResponse> waiting = send(new JoinGroupRequest.Builder(join.duplicate().setMemberId(b))
        .build((short) 9));
    assertThat(waiting).isNotDone();
    f.join("g", a, CoordinatorFixture.range("orders")).join();

    assertThat(waiting).isDone();
    assertThat(waiting.join().data().generationId()).isEqualTo(2);
    assertThat(waiting.join().data().members()).isEmpty();
    assertThat(waiting.join().data().leader()).isEqualTo(a);
  }

  @Test
  void offsetsCommittedAtEveryVersionAreFetchedAtEveryVersion() {
    UUID ordersId = f.broker.topic("orders").orElseThrow().id();
    Uuid kafkaId = new Uuid(ordersId.getMostSignificantBits(), ordersId.getLeastSignificantBits());
    for (short v = 2; v <= 10; v++) {
      OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId("offsets").setMemberId("")
          .setGenerationIdOrMemberEpoch(-1);
      data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders").setTopicId(kafkaId)
          .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(v % 3)
              .setCommittedOffset(100 + v).setCommittedLeaderEpoch(5).setCommittedMetadata("v" + v))));
      OffsetCommitResponse r = call((v >= 10 ? OffsetCommitRequest.Builder.forTopicIdsOrNames(data)
          : OffsetCommitRequest.Builder.forTopicNames(data)).build(v));
      assertThat(r.data().topics()).as("v%d", v).singleElement().satisfies(t -> {
        assertThat(t.partitions()).extracting(OffsetCommitResponseData.OffsetCommitResponsePartition::errorCode)
            .containsExactly((short) 0);
        if (t.topicId().equals(Uuid.ZERO_UUID)) {
          assertThat(t.name()).isEqualTo("orders");
        } else {
          assertThat(t.topicId()).isEqualTo(kafkaId);
        }
      });
    }
    // Partition p holds the last commit of a version v with v % 3 == p: 108, 109 and 110.
    for (short v = 1; v <= 10; v++) {
      List<Long> offsets = fetchAll("offsets", v, v == 1 ? List.of(0, 1, 2) : null, kafkaId);
      assertThat(offsets).as("OffsetFetch v%d", v).containsExactlyInAnyOrder(108L, 109L, 110L);
    }
  }

  /** The committed offsets of orders-0..2 in {@code group}, fetched as a v{@code version} client would. */
  private List<Long> fetchAll(String group, short version, List<Integer> partitions, Uuid ordersId) {
    List<Long> out = new ArrayList<>();
    OffsetFetchRequestData.OffsetFetchRequestGroup g = new OffsetFetchRequestData.OffsetFetchRequestGroup()
        .setGroupId(group);
    if (partitions == null) {
      g.setTopics(null);
    } else {
      g.setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("orders")
          .setTopicId(ordersId).setPartitionIndexes(partitions)));
    }
    OffsetFetchRequestData data = new OffsetFetchRequestData().setGroups(List.of(g));
    OffsetFetchResponse r = call((version >= 10 ? OffsetFetchRequest.Builder.forTopicIdsOrNames(data, false)
        : OffsetFetchRequest.Builder.forTopicNames(data, false)).build(version));
    if (version < 8) {
      assertThat(r.data().errorCode()).isZero();
      for (OffsetFetchResponseData.OffsetFetchResponseTopic t : r.data().topics()) {
        assertThat(t.name()).isEqualTo("orders");
        t.partitions().forEach(p -> out.add(p.committedOffset()));
      }
    } else {
      OffsetFetchResponseData.OffsetFetchResponseGroup result = r.data().groups().get(0);
      assertThat(result.errorCode()).isZero();
      for (OffsetFetchResponseData.OffsetFetchResponseTopics t : result.topics()) {
        if (version >= 10) {
          assertThat(t.topicId()).isEqualTo(ordersId);
        } else {
          assertThat(t.name()).isEqualTo("orders");
        }
        t.partitions().forEach(p -> out.add(p.committedOffset()));
      }
    }
    return out;
  }

  @Test
  void topicIdsThatNameNoTopicAreUnknown() {
    Uuid stranger = Uuid.randomUuid();
    OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId("ids").setMemberId("")
        .setGenerationIdOrMemberEpoch(-1);
    data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setTopicId(stranger)
        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
            .setCommittedOffset(1))));
    OffsetCommitResponse commit = call(OffsetCommitRequest.Builder.forTopicIdsOrNames(data).build((short) 10));
    assertThat(commit.data().topics().get(0).partitions().get(0).errorCode())
        .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());

    OffsetFetchRequestData fetch = new OffsetFetchRequestData().setGroups(List.of(
        new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("ids").setTopics(List.of(
            new OffsetFetchRequestData.OffsetFetchRequestTopics().setTopicId(stranger).setPartitionIndexes(List.of(0))))));
    OffsetFetchResponse fetched = call(OffsetFetchRequest.Builder.forTopicIdsOrNames(fetch, false).build((short) 10));
    assertThat(fetched.data().groups().get(0).topics().get(0).partitions().get(0).errorCode())
        .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
  }

  @Test
  void aMemberCommitToAMissingGroupIsAnIllegalGenerationBeforeV9() {
    for (short v = 2; v <= 9; v++) {
      OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId("missing").setMemberId("m")
          .setGenerationIdOrMemberEpoch(4);
      data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders")
          .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
              .setCommittedOffset(1))));
      OffsetCommitResponse r = call(OffsetCommitRequest.Builder.forTopicNames(data).build(v));
      assertThat(r.data().topics().get(0).partitions().get(0).errorCode()).as("v%d", v)
          .isEqualTo(v >= 9 ? Errors.GROUP_ID_NOT_FOUND.code() : Errors.ILLEGAL_GENERATION.code());
    }
  }

  @Test
  void leaveGroupV3AndLaterAnswerPerMember() {
    String a = f.memberId("g");
    f.join("g", a, CoordinatorFixture.range("orders")).join();
    LeaveGroupResponse r = call(new LeaveGroupRequest.Builder("g", List.of(
        new LeaveGroupRequestData.MemberIdentity().setMemberId(a),
        new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))).build((short) 5));

    assertThat(r.data().errorCode()).isZero();
    assertThat(r.data().members()).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
        .containsExactly((short) 0, Errors.UNKNOWN_MEMBER_ID.code());
    LeaveGroupResponse old = call(new LeaveGroupRequest.Builder("g", List.of(
        new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))).build((short) 1));
    assertThat(old.error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
  }

  @Test
  void groupsAreDescribedAndListedAtEveryVersion() {
    String a = f.memberId("described");
    f.join("described", a, CoordinatorFixture.range("orders")).join();
    f.sync("described", 1, a, Map.of(a, new byte[] {7})).join();

    for (short v = 0; v <= 6; v++) {
      DescribeGroupsResponse r = call(new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData()
          .setGroups(List.of("described", "missing"))).build(v));
      DescribeGroupsResponseData.DescribedGroup found = r.data().groups().get(0);
      assertThat(found.errorCode()).as("v%d", v).isZero();
      assertThat(found.groupState()).isEqualTo("Stable");
      assertThat(found.protocolType()).isEqualTo("consumer");
      assertThat(found.protocolData()).isEqualTo("range");
      assertThat(found.members()).singleElement().satisfies(m -> {
        assertThat(m.memberId()).isEqualTo(a);
        assertThat(m.clientId()).isEqualTo("client");
        assertThat(m.memberAssignment()).containsExactly(7);
      });
      DescribeGroupsResponseData.DescribedGroup missing = r.data().groups().get(1);
      assertThat(missing.groupState()).isEqualTo("Dead");
      assertThat(missing.errorCode()).isEqualTo(v >= 6 ? Errors.GROUP_ID_NOT_FOUND.code() : (short) 0);
    }
    f.commit("only-offsets", -1, "", new io.runnel.log.storage.TopicPartition("orders", 0), 1);
    for (short v = 0; v <= 5; v++) {
      ListGroupsResponse all = call(new ListGroupsRequest.Builder(new ListGroupsRequestData()).build(v));
      assertThat(all.data().groups()).as("v%d", v).extracting(ListGroupsResponseData.ListedGroup::groupId,
              ListGroupsResponseData.ListedGroup::protocolType)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("described", "consumer"),
              org.assertj.core.groups.Tuple.tuple("only-offsets", ""));
    }
    ListGroupsResponse stable = call(new ListGroupsRequest.Builder(new ListGroupsRequestData()
        .setStatesFilter(List.of("stable"))).build((short) 4));
    assertThat(stable.data().groups()).extracting(ListGroupsResponseData.ListedGroup::groupId,
            ListGroupsResponseData.ListedGroup::groupState)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("described", "Stable"));
    ListGroupsResponse consumerType = call(new ListGroupsRequest.Builder(new ListGroupsRequestData()
        .setTypesFilter(List.of("consumer"))).build((short) 5));
    assertThat(consumerType.data().groups()).isEmpty();
    ListGroupsResponse classic = call(new ListGroupsRequest.Builder(new ListGroupsRequestData()
        .setTypesFilter(List.of("Classic"))).build((short) 5));
    assertThat(classic.data().groups()).hasSize(2).allMatch(g -> g.groupType().equals("classic"));
  }

  @Test
  void offsetsAndGroupsAreDeletedAtEveryVersion() {
    io.runnel.log.storage.TopicPartition orders0 = new io.runnel.log.storage.TopicPartition("orders", 0);
    for (short v = 0; v <= 3; v++) {
      String group = "doomed-" + v;
      f.commit(group, -1, "", orders0, 5);
      f.commit(group, -1, "", new io.runnel.log.storage.TopicPartition("orders", 1), 6);

      OffsetDeleteRequestData od = new OffsetDeleteRequestData().setGroupId(group);
      od.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("orders").setPartitions(
          List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
      OffsetDeleteResponse deleted = call(new OffsetDeleteRequest.Builder(od).build((short) 0));
      assertThat(deleted.data().errorCode()).isZero();
      assertThat(deleted.data().topics().find("orders").partitions().find(0).errorCode()).isZero();
      assertThat(f.committed(group, orders0)).isEqualTo(CommittedOffset.NONE);

      DeleteGroupsResponse r = call(new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData()
          .setGroupsNames(List.of(group, "never-was"))).build(v));
      assertThat(r.get(group)).as("v%d", v).isEqualTo(Errors.NONE);
      assertThat(r.get("never-was")).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
      assertThat(f.coordinator.describeGroup(group).error()).isEqualTo(GroupError.GROUP_ID_NOT_FOUND);
    }
  }
}
