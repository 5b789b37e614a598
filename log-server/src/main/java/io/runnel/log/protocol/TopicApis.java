package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.MetadataException;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.LogConfig;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * The admin APIs over topics: CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs,
 * IncrementalAlterConfigs (the topic configs of the storage engine) and DeleteRecords. Each item of
 * a request succeeds or fails on its own, with Kafka's error code and a message naming the topic.
 */
final class TopicApis {
  private static final byte TOPIC = 2;
  private static final byte BROKER = 4;
  private static final byte SOURCE_TOPIC = 1;
  private static final byte SOURCE_STATIC_BROKER = 4;
  private static final byte SOURCE_DEFAULT = 5;
  private static final byte TYPE_STRING = 2;
  private static final byte TYPE_LONG = 5;
  private static final byte TYPE_DOUBLE = 6;
  private static final byte TYPE_LIST = 7;

  private final Broker broker;

  private TopicApis(Broker broker) {
    this.broker = broker;
  }

  static void register(ApiTable table, Broker broker) {
    TopicApis t = new TopicApis(broker);
    table.register(ApiKeys.CREATE_TOPICS, 2, 7, (ctx, req) -> done(t.createTopics(((CreateTopicsRequest) req).data())));
    table.register(ApiKeys.DELETE_TOPICS, 1, 6, (ctx, req) -> done(t.deleteTopics(((DeleteTopicsRequest) req).data())));
    table.register(ApiKeys.CREATE_PARTITIONS, 0, 3,
        (ctx, req) -> done(t.createPartitions(((CreatePartitionsRequest) req).data())));
    table.register(ApiKeys.DESCRIBE_CONFIGS, 1, 4,
        (ctx, req) -> done(t.describeConfigs(((DescribeConfigsRequest) req).data())));
    table.register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1,
        (ctx, req) -> done(t.alterConfigs(((IncrementalAlterConfigsRequest) req).data())));
    table.register(ApiKeys.DELETE_RECORDS, 0, 2, (ctx, req) -> done(t.deleteRecords(((DeleteRecordsRequest) req).data())));
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private CreateTopicsResponseData createTopics(CreateTopicsRequestData data) {
    CreateTopicsResponseData.CreatableTopicResultCollection results = new CreateTopicsResponseData.CreatableTopicResultCollection();
    for (CreateTopicsRequestData.CreatableTopic t : data.topics()) {
      CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
          .setName(t.name()).setNumPartitions(-1).setReplicationFactor((short) -1);
      results.add(result);
      int partitions = t.numPartitions() == -1 ? broker.config().numPartitions() : t.numPartitions();
      short replication = t.replicationFactor() == -1 ? broker.config().defaultReplicationFactor() : t.replicationFactor();
      if (!t.assignments().isEmpty()) {
        fail(result, Errors.INVALID_REQUEST, "manual replica assignment is not supported; give a partition count");
        continue;
      }
      int live = broker.metadata().liveBrokers().size();
      if (replication < 1 || replication > live) {
        fail(result, Errors.INVALID_REPLICATION_FACTOR, "topic '" + t.name() + "': replication factor " + replication
            + " needs " + Math.max(1, (int) replication) + " live broker(s) and this cluster has " + live
            + "; use a replication factor from 1 to " + live);
        continue;
      }
      Map<String, String> configs = new TreeMap<>();
      t.configs().forEach(c -> configs.put(c.name(), c.value()));
      try {
        Topic created;
        if (data.validateOnly()) {
          io.runnel.log.server.TopicRegistry.validateName(t.name());
          if (broker.topic(t.name()).isPresent()) {
            throw new MetadataException(MetadataException.Reason.TOPIC_ALREADY_EXISTS,
                "topic '" + t.name() + "' already exists");
          }
          broker.config().topicDefaults().with(configs);
          created = new Topic(t.name(), java.util.UUID.randomUUID(), partitions, configs);
        } else {
          created = broker.createTopic(t.name(), partitions, replication, configs);
        }
        result.setTopicId(Uuids.toKafka(created.id())).setNumPartitions(partitions).setReplicationFactor(replication)
            .setErrorCode(Errors.NONE.code());
        List<CreateTopicsResponseData.CreatableTopicConfigs> described = new ArrayList<>();
        LogConfig effective = broker.config().topicDefaults().with(configs);
        for (String name : LogConfig.names()) {
          described.add(new CreateTopicsResponseData.CreatableTopicConfigs().setName(name)
              .setValue(effective.valueOf(name))
              .setConfigSource(configs.containsKey(name) ? SOURCE_TOPIC : SOURCE_DEFAULT));
        }
        result.setConfigs(described);
      } catch (MetadataException | StorageException e) {
        fail(result, StorageErrors.toError(e), e.getMessage());
      }
    }
    return new CreateTopicsResponseData().setTopics(results);
  }

  private static void fail(CreateTopicsResponseData.CreatableTopicResult result, Errors error, String message) {
    result.setErrorCode(error.code()).setErrorMessage(message);
  }

  private DeleteTopicsResponseData deleteTopics(DeleteTopicsRequestData data) {
    DeleteTopicsResponseData.DeletableTopicResultCollection results = new DeleteTopicsResponseData.DeletableTopicResultCollection();
    List<String> names = new ArrayList<>(data.topicNames());
    List<DeleteTopicsRequestData.DeleteTopicState> states = data.topics();
    for (DeleteTopicsRequestData.DeleteTopicState s : states) {
      if (s.name() != null) {
        names.add(s.name());
      } else {
        Optional<Topic> byId = broker.topics().stream().filter(t -> Uuids.toKafka(t.id()).equals(s.topicId())).findFirst();
        if (byId.isPresent()) {
          names.add(byId.get().name());
        } else {
          results.add(new DeleteTopicsResponseData.DeletableTopicResult().setTopicId(s.topicId())
              .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
      }
    }
    for (String name : names) {
      DeleteTopicsResponseData.DeletableTopicResult result = new DeleteTopicsResponseData.DeletableTopicResult().setName(name);
      try {
        if (name.startsWith("__")) {
          throw new MetadataException(MetadataException.Reason.INVALID_TOPIC, "topic '" + name + "' is internal");
        }
        Topic deleted = broker.deleteTopic(name);
        result.setTopicId(Uuids.toKafka(deleted.id())).setErrorCode(Errors.NONE.code());
      } catch (MetadataException e) {
        result.setErrorCode(StorageErrors.toError(e).code()).setErrorMessage(e.getMessage());
      }
      results.add(result);
    }
    return new DeleteTopicsResponseData().setResponses(results);
  }

  private CreatePartitionsResponseData createPartitions(CreatePartitionsRequestData data) {
    List<CreatePartitionsResponseData.CreatePartitionsTopicResult> results = new ArrayList<>();
    for (CreatePartitionsRequestData.CreatePartitionsTopic t : data.topics()) {
      CreatePartitionsResponseData.CreatePartitionsTopicResult result = new CreatePartitionsResponseData.CreatePartitionsTopicResult()
          .setName(t.name());
      try {
        Topic topic = broker.topic(t.name()).orElseThrow(() -> new MetadataException(
            MetadataException.Reason.UNKNOWN_TOPIC, "topic '" + t.name() + "' does not exist"));
        if (t.count() <= topic.partitions()) {
          throw new MetadataException(MetadataException.Reason.INVALID_PARTITIONS, "topic '" + t.name() + "' has "
              + topic.partitions() + " partitions; the new count must be larger, not " + t.count());
        }
        if (!data.validateOnly()) {
          broker.addPartitions(t.name(), t.count());
        }
        result.setErrorCode(Errors.NONE.code());
      } catch (MetadataException e) {
        result.setErrorCode(StorageErrors.toError(e).code()).setErrorMessage(e.getMessage());
      }
      results.add(result);
    }
    return new CreatePartitionsResponseData().setResults(results);
  }

  private DescribeConfigsResponseData describeConfigs(DescribeConfigsRequestData data) {
    List<DescribeConfigsResponseData.DescribeConfigsResult> results = new ArrayList<>();
    for (DescribeConfigsRequestData.DescribeConfigsResource r : data.resources()) {
      DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
          .setResourceType(r.resourceType()).setResourceName(r.resourceName()).setErrorCode(Errors.NONE.code());
      results.add(result);
      List<DescribeConfigsResponseData.DescribeConfigsResourceResult> configs = new ArrayList<>();
      if (r.resourceType() == TOPIC) {
        Optional<Topic> topic = broker.topic(r.resourceName());
        if (topic.isEmpty()) {
          result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
              .setErrorMessage("topic '" + r.resourceName() + "' does not exist");
          continue;
        }
        LogConfig effective = broker.topicConfig(topic.get());
        for (String name : LogConfig.names()) {
          if (r.configurationKeys() != null && !r.configurationKeys().contains(name)) {
            continue;
          }
          boolean explicit = topic.get().configs().containsKey(name);
          boolean brokerDefault = broker.config().topicDefaults().originals().containsKey(name);
          configs.add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
              .setName(name).setValue(effective.valueOf(name)).setReadOnly(false)
              .setConfigSource(explicit ? SOURCE_TOPIC : brokerDefault ? SOURCE_STATIC_BROKER : SOURCE_DEFAULT)
              .setConfigType(typeOf(name)).setSynonyms(List.of()));
        }
      } else if (r.resourceType() == BROKER) {
        for (Map.Entry<String, String> e : broker.config().values().entrySet()) {
          if (r.configurationKeys() != null && !r.configurationKeys().contains(e.getKey())) {
            continue;
          }
          configs.add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
              .setName(e.getKey()).setValue(e.getValue()).setReadOnly(true)
              .setConfigSource(SOURCE_STATIC_BROKER).setConfigType(TYPE_STRING).setSynonyms(List.of()));
        }
      } else {
        result.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage("only topic and broker configs can be described, not resource type " + r.resourceType());
        continue;
      }
      result.setConfigs(configs);
    }
    return new DescribeConfigsResponseData().setResults(results);
  }

  private static byte typeOf(String name) {
    if (name.equals(LogConfig.CLEANUP_POLICY)) {
      return TYPE_LIST;
    }
    if (name.equals(LogConfig.MESSAGE_TIMESTAMP_TYPE)) {
      return TYPE_STRING;
    }
    return name.equals(LogConfig.MIN_CLEANABLE_DIRTY_RATIO) ? TYPE_DOUBLE : TYPE_LONG;
  }

  private IncrementalAlterConfigsResponseData alterConfigs(IncrementalAlterConfigsRequestData data) {
    List<IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse> responses = new ArrayList<>();
    for (IncrementalAlterConfigsRequestData.AlterConfigsResource r : data.resources()) {
      IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse response =
          new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
              .setResourceType(r.resourceType()).setResourceName(r.resourceName());
      responses.add(response);
      if (r.resourceType() != TOPIC) {
        response.setErrorCode(Errors.INVALID_REQUEST.code())
            .setErrorMessage("only topic configs can be altered; broker settings are read at start");
        continue;
      }
      try {
        Topic topic = broker.topic(r.resourceName()).orElseThrow(() -> new MetadataException(
            MetadataException.Reason.UNKNOWN_TOPIC, "topic '" + r.resourceName() + "' does not exist"));
        Map<String, String> configs = new TreeMap<>(topic.configs());
        for (IncrementalAlterConfigsRequestData.AlterableConfig c : r.configs()) {
          switch (c.configOperation()) {
            case 0 -> configs.put(c.name(), c.value());
            case 1 -> configs.remove(c.name());
            default -> throw new MetadataException(MetadataException.Reason.INVALID_CONFIG, "config '" + c.name()
                + "': only SET and DELETE are supported (none of the topic configs is a list but cleanup.policy,"
                + " which takes SET)");
          }
        }
        if (data.validateOnly()) {
          broker.config().topicDefaults().with(configs);
        } else {
          broker.setTopicConfigs(r.resourceName(), configs);
        }
        response.setErrorCode(Errors.NONE.code());
      } catch (MetadataException | StorageException e) {
        response.setErrorCode(StorageErrors.toError(e).code()).setErrorMessage(e.getMessage());
      }
    }
    return new IncrementalAlterConfigsResponseData().setResponses(responses);
  }

  private DeleteRecordsResponseData deleteRecords(DeleteRecordsRequestData data) {
    DeleteRecordsResponseData.DeleteRecordsTopicResultCollection topics = new DeleteRecordsResponseData.DeleteRecordsTopicResultCollection();
    for (DeleteRecordsRequestData.DeleteRecordsTopic t : data.topics()) {
      DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection partitions =
          new DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection();
      for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
        DeleteRecordsResponseData.DeleteRecordsPartitionResult result = new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
            .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1);
        Optional<PartitionLog> log = broker.log(t.name(), p.partitionIndex());
        Optional<io.runnel.log.server.Partition> partition = broker.partition(t.name(), p.partitionIndex());
        if (log.isEmpty() || partition.isEmpty()) {
          result.setErrorCode(StorageErrors.missingPartition(broker, t.name(), p.partitionIndex()).code());
        } else {
          try {
            long hw = partition.get().highWatermark();
            long offset = p.offset() == -1 ? hw : p.offset(); // -1: up to the high watermark
            if (offset > hw) {
              result.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
              partitions.add(result);
              continue;
            }
            result.setLowWatermark(log.get().deleteRecordsBefore(offset)).setErrorCode(Errors.NONE.code());
          } catch (StorageException e) {
            result.setErrorCode(StorageErrors.toError(e).code());
          }
        }
        partitions.add(result);
      }
      topics.add(new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(t.name()).setPartitions(partitions));
    }
    return new DeleteRecordsResponseData().setTopics(topics);
  }
}
