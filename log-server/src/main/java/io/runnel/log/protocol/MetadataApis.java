package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.MetadataException;
import io.runnel.log.server.Topic;
import io.runnel.log.server.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * ApiVersions, Metadata and DescribeCluster: what a client asks first. This node is the leader of
 * every partition (a single node; the replicated cluster comes with its own issue). Stateless.
 */
final class MetadataApis {
  private final Broker broker;
  private final ApiTable apis;
  private final Supplier<Endpoint> endpoint;

  private MetadataApis(Broker broker, ApiTable apis, Supplier<Endpoint> endpoint) {
    this.broker = broker;
    this.apis = apis;
    this.endpoint = endpoint;
  }

  static void register(ApiTable table, Broker broker, Supplier<Endpoint> endpoint) {
    MetadataApis m = new MetadataApis(broker, table, endpoint);
    table.register(ApiKeys.API_VERSIONS, 0, 5, (ctx, req) -> CompletableFuture.completedFuture(m.apiVersions()));
    table.register(ApiKeys.METADATA, 0, 13, (ctx, req) -> CompletableFuture.completedFuture(m.metadata((MetadataRequest) req)));
    table.register(ApiKeys.DESCRIBE_CLUSTER, 0, 2, (ctx, req) -> CompletableFuture.completedFuture(m.describeCluster()));
  }

  private ApiVersionsResponseData apiVersions() {
    return new ApiVersionsResponseData().setErrorCode(Errors.NONE.code()).setApiKeys(apis.advertised());
  }

  private MetadataResponseData metadata(MetadataRequest request) {
    MetadataRequestData data = request.data();
    Endpoint self = endpoint.get();
    MetadataResponseData.MetadataResponseBrokerCollection brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
    brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(broker.nodeId()).setHost(self.host())
        .setPort(self.port()));
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
        .setControllerId(broker.nodeId())
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
      return new MetadataResponseData.MetadataResponseTopic().setName(name)
          .setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code());
    }
  }

  private MetadataResponseData.MetadataResponseTopic describe(Topic topic) {
    List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
    List<Integer> self = List.of(broker.nodeId());
    for (int p = 0; p < topic.partitions(); p++) {
      partitions.add(new MetadataResponseData.MetadataResponsePartition()
          .setPartitionIndex(p)
          .setLeaderId(broker.nodeId())
          .setLeaderEpoch(0)
          .setReplicaNodes(self)
          .setIsrNodes(self)
          .setOfflineReplicas(List.of()));
    }
    return new MetadataResponseData.MetadataResponseTopic()
        .setName(topic.name())
        .setTopicId(Uuids.toKafka(topic.id()))
        .setIsInternal(topic.isInternal())
        .setPartitions(partitions);
  }

  private DescribeClusterResponseData describeCluster() {
    Endpoint self = endpoint.get();
    DescribeClusterResponseData.DescribeClusterBrokerCollection brokers =
        new DescribeClusterResponseData.DescribeClusterBrokerCollection();
    brokers.add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(broker.nodeId())
        .setHost(self.host()).setPort(self.port()));
    return new DescribeClusterResponseData()
        .setClusterId(broker.clusterId())
        .setControllerId(broker.nodeId())
        .setBrokers(brokers);
  }
}
