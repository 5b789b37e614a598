package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.AppendResult;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.StorageException;
import io.runnel.log.storage.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: appends each partition's batches as they came and answers with the base offset. On a
 * single node the leader is the whole ISR, so acks=1 and acks=all both answer once the append is
 * written (and fsynced when the topic's flush.messages says so); acks=0 gets no response at all.
 * Advertised from v0 as Kafka does; v3 and later are accepted (the codec has no v0-2).
 */
final class ProduceApi {
  private static final Logger LOG = LoggerFactory.getLogger(ProduceApi.class);
  private final Broker broker;
  private final AppendWatchers watchers;

  private ProduceApi(Broker broker, AppendWatchers watchers) {
    this.broker = broker;
    this.watchers = watchers;
  }

  static void register(ApiTable table, Broker broker, AppendWatchers watchers) {
    ProduceApi api = new ProduceApi(broker, watchers);
    table.register(ApiKeys.PRODUCE, 0, 3, 13, api::handle);
  }

  private CompletableFuture<ProduceResponseData> handle(RequestContext ctx, org.apache.kafka.common.requests.AbstractRequest req) {
    ProduceRequestData data = ((ProduceRequest) req).data();
    if (data.transactionalId() != null) {
      // Transactions are not supported yet: refuse clearly rather than pretend.
      return CompletableFuture.completedFuture(errorForAll(data, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
          "transactions are not supported by this Runnel version"));
    }
    ProduceResponseData.TopicProduceResponseCollection responses = new ProduceResponseData.TopicProduceResponseCollection();
    for (ProduceRequestData.TopicProduceData topicData : data.topicData()) {
      Optional<Topic> topic = resolve(topicData);
      List<ProduceResponseData.PartitionProduceResponse> partitions = new ArrayList<>();
      for (ProduceRequestData.PartitionProduceData p : topicData.partitionData()) {
        partitions.add(append(ctx, topic, topicData, p));
      }
      responses.add(new ProduceResponseData.TopicProduceResponse()
          .setName(topicData.name())
          .setTopicId(topicData.topicId())
          .setPartitionResponses(partitions));
    }
    if (data.acks() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.completedFuture(new ProduceResponseData().setResponses(responses));
  }

  private Optional<Topic> resolve(ProduceRequestData.TopicProduceData topicData) {
    if (topicData.name() != null && !topicData.name().isEmpty()) {
      try {
        return broker.topicOrAutoCreate(topicData.name());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return broker.topics().stream().filter(t -> Uuids.toKafka(t.id()).equals(topicData.topicId())).findFirst();
  }

  private ProduceResponseData.PartitionProduceResponse append(RequestContext ctx, Optional<Topic> topic,
      ProduceRequestData.TopicProduceData topicData, ProduceRequestData.PartitionProduceData p) {
    ProduceResponseData.PartitionProduceResponse out = new ProduceResponseData.PartitionProduceResponse()
        .setIndex(p.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
    if (topic.isEmpty()) {
      Errors error = topicData.name() == null || topicData.name().isEmpty() ? Errors.UNKNOWN_TOPIC_ID
          : Errors.UNKNOWN_TOPIC_OR_PARTITION;
      return out.setErrorCode(error.code());
    }
    Optional<PartitionLog> log = broker.log(topic.get().name(), p.index());
    if (log.isEmpty()) {
      return out.setErrorCode(StorageErrors.missingPartition(broker, topic.get().name(), p.index()).code());
    }
    if (!(p.records() instanceof MemoryRecords records)) {
      return out.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("no records");
    }
    ByteBuffer buffer = records.buffer().duplicate();
    try {
      AppendResult result = log.get().append(buffer, 0);
      if (!result.duplicate()) {
        watchers.appended(new TopicPartition(topic.get().name(), p.index()));
      }
      if (log.get().config().logAppendTime()) {
        out.setLogAppendTimeMs(result.maxTimestamp());
      }
      return out.setErrorCode(Errors.NONE.code()).setBaseOffset(result.firstOffset())
          .setLogStartOffset(log.get().logStartOffset());
    } catch (StorageException e) {
      Errors error = StorageErrors.toError(e);
      if (error == Errors.KAFKA_STORAGE_ERROR || error == Errors.CORRUPT_MESSAGE) {
        LOG.warn("produce from {} to {}-{} failed: {}", ctx.clientAddress(), topic.get().name(), p.index(), e.getMessage());
      }
      return out.setErrorCode(error.code()).setErrorMessage(e.getMessage());
    }
  }

  private static ProduceResponseData errorForAll(ProduceRequestData data, Errors error, String message) {
    ProduceResponseData.TopicProduceResponseCollection responses = new ProduceResponseData.TopicProduceResponseCollection();
    for (ProduceRequestData.TopicProduceData t : data.topicData()) {
      List<ProduceResponseData.PartitionProduceResponse> partitions = new ArrayList<>();
      for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
        partitions.add(new ProduceResponseData.PartitionProduceResponse().setIndex(p.index())
            .setErrorCode(error.code()).setErrorMessage(message).setBaseOffset(-1));
      }
      responses.add(new ProduceResponseData.TopicProduceResponse().setName(t.name()).setTopicId(t.topicId())
          .setPartitionResponses(partitions));
    }
    return new ProduceResponseData().setResponses(responses);
  }
}
