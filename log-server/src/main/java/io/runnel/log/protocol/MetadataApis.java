package io.runnel.log.protocol;

import io.runnel.log.cluster.BrokerRegistration;
import io.runnel.log.cluster.MetadataImage;
import io.runnel.log.cluster.PartitionState;
import io.runnel.log.cluster.QuorumStatus;
import io.runnel.log.server.Broker;
import io.runnel.log.server.MetadataException;
import io.runnel.log.server.Topic;
import io.runnel.log.server.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * ApiVersions, Metadata and DescribeCluster: what a client asks first. Brokers, leaders, leader
 * epochs, replicas and ISR come from the metadata quorum's image as applied on this node; only
 * unfenced brokers are listed. Stateless.
 */
final class MetadataApis {
  private final Broker broker;
  private final ApiTable apis;

  private MetadataApis(Broker broker, ApiTable apis) {
    this.broker = broker;
    this.apis = apis;
  }

  static void register(ApiTable table, Broker broker) {
    MetadataApis m = new MetadataApis(broker, table);
    table.register(ApiKeys.API_VERSIONS, 0, 5, (ctx, req) -> CompletableFuture.completedFuture(m.apiVersions()));
    table.register(ApiKeys.METADATA, 0, 13, (ctx, req) -> CompletableFuture.completedFuture(m.metadata((MetadataRequest) req)));
    table.register(ApiKeys.DESCRIBE_CLUSTER, 0, 2, (ctx, req) -> CompletableFuture.completedFuture(
        m.describeCluster(((DescribeClusterRequest) req).data().includeFencedBrokers())));
    table.register(ApiKeys.DESCRIBE_QUORUM, 0, 2, (ctx, req) -> CompletableFuture.completedFuture(m.describeQuorum()));
  }

  private ApiVersionsResponseData apiVersions() {
    return new ApiVersionsResponseData().setErrorCode(Errors.NONE.code()).setApiKeys(apis.advertised());
  }

  private MetadataResponseData metadata(MetadataRequest request) {
    MetadataRequestData data = request.data();
    MetadataResponseData.MetadataResponseBrokerCollection brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
    for (BrokerRegistration b : liveBrokers()) {
      brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(b.nodeId()).setHost(b.host())
          .setPort(b.port()));
    }
    MetadataResponseData.MetadataResponseTopicCollection topics = new MetadataResponseData.MetadataResponseTopicCollection();
    if (request.isAllTopics()) {
      for (Topic t : broker.topics()) {
        topics.add(describe(t));
      }
    } else {
      boolean autoCreate = data.allowAutoTopicCreation();
      for (MetadataRequestData.MetadataRequestTopic wanted : data.topics()) {
        topics.add(lookup(wanted, autoCreate));
      }
    }
    return new MetadataResponseData()
        .setBrokers(brokers)
        .setClusterId(broker.clusterId())
        .setControllerId(broker.nodeId()) // every node forwards topic changes to the quorum, as KRaft brokers do
        .setTopics(topics);
  }

  private MetadataResponseData.MetadataResponseTopic lookup(MetadataRequestData.MetadataRequestTopic wanted,
      boolean autoCreate) {
    if (wanted.name() == null) {
      Uuid id = wanted.topicId();
      Optional<Topic> byId = broker.topics().stream().filter(t -> Uuids.toKafka(t.id()).equals(id)).findFirst();
      return byId.map(this::describe).orElseGet(() -> new MetadataResponseData.MetadataResponseTopic()
          .setTopicId(id).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
    }
    String name = wanted.name();
    try {
      TopicRegistry.validateName(name);
      Optional<Topic> topic = autoCreate ? broker.topicOrAutoCreate(name) : broker.topic(name);
      return topic.map(this::describe).orElseGet(() -> new MetadataResponseData.MetadataResponseTopic()
          .setName(name).setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
    } catch (MetadataException e) {
      Errors error = e.reason() == MetadataException.Reason.INVALID_TOPIC ? Errors.INVALID_TOPIC_EXCEPTION
          : e.reason() == MetadataException.Reason.TOPIC_ALREADY_EXISTS ? Errors.LEADER_NOT_AVAILABLE
          : StorageErrors.toError(e);
      return new MetadataResponseData.MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }
  }

  private MetadataResponseData.MetadataResponseTopic describe(Topic topic) {
    List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
    MetadataImage image = broker.metadata();
    List<PartitionState> states = image.partitions(topic.name());
    for (int p = 0; p < states.size(); p++) {
      PartitionState s = states.get(p);
      List<Integer> offline = s.replicas().stream()
          .filter(r -> image.broker(r).map(BrokerRegistration::fenced).orElse(true)).toList();
      partitions.add(new MetadataResponseData.MetadataResponsePartition()
          .setPartitionIndex(p)
          .setErrorCode((s.hasLeader() ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE).code())
          .setLeaderId(s.leader())
          .setLeaderEpoch(s.leaderEpoch())
          .setReplicaNodes(s.replicas())
          .setIsrNodes(s.isr())
          .setOfflineReplicas(offline));
    }
    return new MetadataResponseData.MetadataResponseTopic()
        .setName(topic.name())
        .setTopicId(Uuids.toKafka(topic.id()))
        .setIsInternal(topic.isInternal())
        .setPartitions(partitions);
  }

  /** The live brokers, and with {@code includeFenced} (v2, KIP-1073) the fenced ones too, marked so. */
  private DescribeClusterResponseData describeCluster(boolean includeFenced) {
    DescribeClusterResponseData.DescribeClusterBrokerCollection brokers =
        new DescribeClusterResponseData.DescribeClusterBrokerCollection();
    for (BrokerRegistration b : includeFenced ? broker.metadata().brokers() : liveBrokers()) {
      brokers.add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(b.nodeId())
          .setHost(b.host()).setPort(b.port()).setIsFenced(b.fenced()));
    }
    return new DescribeClusterResponseData()
        .setClusterId(broker.clusterId())
        .setControllerId(broker.nodeId()) // every node forwards topic changes to the quorum, as KRaft brokers do
        .setBrokers(brokers);
  }

  /**
   * DescribeQuorum: the Ratis group stands in for Kafka's {@code __cluster_metadata} partition
   * (leader, term as the leader epoch, commit index as the high watermark, each voter's last known
   * commit index as its log end offset).
   */
  private DescribeQuorumResponseData describeQuorum() {
    QuorumStatus status = broker.quorum().status();
    List<DescribeQuorumResponseData.ReplicaState> voters = new ArrayList<>();
    DescribeQuorumResponseData.NodeCollection nodes = new DescribeQuorumResponseData.NodeCollection();
    for (QuorumStatus.Voter v : status.voters()) {
      voters.add(new DescribeQuorumResponseData.ReplicaState().setReplicaId(v.nodeId())
          .setLogEndOffset(v.commitIndex()));
      int colon = v.address().lastIndexOf(':');
      DescribeQuorumResponseData.ListenerCollection listeners = new DescribeQuorumResponseData.ListenerCollection();
      listeners.add(new DescribeQuorumResponseData.Listener().setName("CONTROLLER")
          .setHost(v.address().substring(0, colon)).setPort(Integer.parseInt(v.address().substring(colon + 1))));
      nodes.add(new DescribeQuorumResponseData.Node().setNodeId(v.nodeId()).setListeners(listeners));
    }
    DescribeQuorumResponseData.PartitionData partition = new DescribeQuorumResponseData.PartitionData()
        .setPartitionIndex(0).setErrorCode(Errors.NONE.code()).setLeaderId(status.leaderId())
        .setLeaderEpoch((int) Math.min(Integer.MAX_VALUE, status.term())).setHighWatermark(status.commitIndex())
        .setCurrentVoters(voters).setObservers(List.of());
    return new DescribeQuorumResponseData().setErrorCode(Errors.NONE.code()).setTopics(List.of(
        new DescribeQuorumResponseData.TopicData().setTopicName("__cluster_metadata").setPartitions(List.of(partition))))
        .setNodes(nodes);
  }

  /** The unfenced brokers with the endpoints they registered. */
  private List<BrokerRegistration> liveBrokers() {
    return broker.metadata().liveBrokers();
  }
}
