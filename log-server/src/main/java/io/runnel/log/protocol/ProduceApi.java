package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.NotEnoughReplicasException;
import io.runnel.log.server.NotLeaderException;
import io.runnel.log.server.Partition;
import io.runnel.log.server.Topic;
import io.runnel.log.storage.AppendResult;
import io.runnel.log.storage.OutOfOrderSequenceException;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.StorageException;
import io.runnel.log.storage.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: appends each partition's batches as they came and answers with the base offset. acks=1
 * answers once the leader's append is written (and fsynced when the topic's flush.messages says
 * so); acks=0 gets no response at all. acks=all is refused with NOT_ENOUGH_REPLICAS before anything
 * is written when the ISR is smaller than min.insync.replicas, and otherwise parks (no thread held)
 * until the high watermark passes every batch of the request, the request's timeout passes
 * (REQUEST_TIMED_OUT) or this node loses the leadership (NOT_LEADER_OR_FOLLOWER). When this node
 * is the whole ISR the high watermark is the log end, so acks=all answers at once, as acks=1.
 * An idempotent producer's sequence gap (OUT_OF_ORDER_SEQUENCE_NUMBER) is answered only once the
 * metadata quorum confirms that this node still leads the partition in the epoch it appended in,
 * and NOT_LEADER_OR_FOLLOWER otherwise: a stale leader's gap would make the producer send its
 * unacknowledged batches again under a new epoch, and the real leader would write them twice.
 * Advertised from v0 as Kafka does; v3 and later are accepted (the codec has no v0-2).
 */
final class ProduceApi {
  private static final Logger LOG = LoggerFactory.getLogger(ProduceApi.class);
  private final Broker broker;
  private final AppendWatchers watchers;
  private final ScheduledExecutorService timer;

  private ProduceApi(Broker broker, AppendWatchers watchers, ScheduledExecutorService timer) {
    this.broker = broker;
    this.watchers = watchers;
    this.timer = timer;
  }

  static void register(ApiTable table, Broker broker, AppendWatchers watchers, ScheduledExecutorService timer) {
    ProduceApi api = new ProduceApi(broker, watchers, timer);
    table.register(ApiKeys.PRODUCE, 0, 3, 13, api::handle);
  }

  /** An acks=all append waiting for the high watermark to pass {@code requiredOffset}. */
  private static final class Pending {
    final Partition partition;
    final int leaderEpoch;
    final long requiredOffset;
    final int minInsyncReplicas;
    final ProduceResponseData.PartitionProduceResponse response;
    boolean resolved;

    Pending(Partition partition, int leaderEpoch, long requiredOffset, int minInsyncReplicas,
        ProduceResponseData.PartitionProduceResponse response) {
      this.partition = partition;
      this.leaderEpoch = leaderEpoch;
      this.requiredOffset = requiredOffset;
      this.minInsyncReplicas = minInsyncReplicas;
      this.response = response;
    }

    /** Resolves this append if it can be answered now; returns whether it is resolved. */
    boolean check() {
      if (!resolved) {
        if (!partition.isLeader() || partition.leaderEpoch() != leaderEpoch) {
          response.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()).setBaseOffset(-1)
              .setErrorMessage("leadership changed before the in-sync replicas had the records");
          resolved = true;
        } else if (partition.highWatermark() >= requiredOffset) {
          int isr = partition.isrSize();
          if (isr < minInsyncReplicas) {
            // As Kafka: the records are on every replica left in the ISR, but the ISR shrank below the
            // minimum while they waited, so the write is not as durable as asked (the client retries;
            // an idempotent producer's retry is answered as a duplicate with its offset).
            response.setErrorCode(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND.code()).setErrorMessage(
                partition.topicPartition() + " was written but its in-sync replicas fell to " + isr
                    + ", below min.insync.replicas " + minInsyncReplicas + ", before they all had it");
          }
          resolved = true;
        }
      }
      return resolved;
    }
  }

  private CompletableFuture<ProduceResponseData> handle(RequestContext ctx, org.apache.kafka.common.requests.AbstractRequest req) {
    ProduceRequestData data = ((ProduceRequest) req).data();
    if (data.transactionalId() != null) {
      // Transactions are not supported yet: refuse clearly rather than pretend.
      return CompletableFuture.completedFuture(errorForAll(data, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
          "transactions are not supported by this Runnel version"));
    }
    ProduceResponseData.TopicProduceResponseCollection responses = new ProduceResponseData.TopicProduceResponseCollection();
    List<Pending> pending = new ArrayList<>();
    List<CompletableFuture<Void>> gapChecks = new ArrayList<>();
    for (ProduceRequestData.TopicProduceData topicData : data.topicData()) {
      Optional<Topic> topic = resolve(topicData);
      List<ProduceResponseData.PartitionProduceResponse> partitions = new ArrayList<>();
      for (ProduceRequestData.PartitionProduceData p : topicData.partitionData()) {
        partitions.add(append(ctx, topic, topicData, p, data.acks(), pending, gapChecks));
      }
      responses.add(new ProduceResponseData.TopicProduceResponse()
          .setName(topicData.name())
          .setTopicId(topicData.topicId())
          .setPartitionResponses(partitions));
    }
    if (data.acks() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    ProduceResponseData response = new ProduceResponseData().setResponses(responses);
    if (gapChecks.isEmpty()) {
      return answerWhenReplicated(response, pending, data.timeoutMs());
    }
    return CompletableFuture.allOf(gapChecks.toArray(CompletableFuture[]::new))
        .thenCompose(checked -> answerWhenReplicated(response, pending, data.timeoutMs()));
  }

  private CompletableFuture<ProduceResponseData> answerWhenReplicated(ProduceResponseData response,
      List<Pending> pending, int timeoutMs) {
    pending.removeIf(Pending::check);
    if (pending.isEmpty()) {
      return CompletableFuture.completedFuture(response);
    }
    return awaitHighWatermark(response, pending, timeoutMs);
  }

  /** Parks the response until every pending append is resolved, or times the rest out. */
  private CompletableFuture<ProduceResponseData> awaitHighWatermark(ProduceResponseData response,
      List<Pending> pending, int timeoutMs) {
    CompletableFuture<ProduceResponseData> future = new CompletableFuture<>();
    AtomicBoolean done = new AtomicBoolean();
    List<TopicPartition> tps = new ArrayList<>();
    pending.forEach(p -> tps.add(p.partition.topicPartition()));
    BooleanSupplier tryComplete = () -> {
      synchronized (pending) {
        if (done.get()) {
          return true;
        }
        boolean all = true;
        for (Pending p : pending) {
          all &= p.check();
        }
        if (all && done.compareAndSet(false, true)) {
          future.complete(response);
        }
        return done.get();
      }
    };
    AppendWatchers.Watcher watcher = watchers.watch(tps, tryComplete);
    timer.schedule(() -> {
      synchronized (pending) {
        if (done.compareAndSet(false, true)) {
          watcher.cancel();
          for (Pending p : pending) {
            if (!p.check()) {
              p.response.setErrorCode(Errors.REQUEST_TIMED_OUT.code()).setBaseOffset(-1).setErrorMessage(
                  "the in-sync replicas did not all have the records within the request timeout of " + timeoutMs
                      + " ms");
            }
          }
          future.complete(response);
        }
      }
    }, Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
    // The high watermark may have passed between the first check and the watch: look once more.
    if (tryComplete.getAsBoolean()) {
      watcher.cancel();
    }
    return future;
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
      ProduceRequestData.TopicProduceData topicData, ProduceRequestData.PartitionProduceData p, short acks,
      List<Pending> pending, List<CompletableFuture<Void>> gapChecks) {
    ProduceResponseData.PartitionProduceResponse out = new ProduceResponseData.PartitionProduceResponse()
        .setIndex(p.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
    if (topic.isEmpty()) {
      Errors error = topicData.name() == null || topicData.name().isEmpty() ? Errors.UNKNOWN_TOPIC_ID
          : Errors.UNKNOWN_TOPIC_OR_PARTITION;
      return out.setErrorCode(error.code());
    }
    Optional<Partition> partition = broker.partition(topic.get().name(), p.index());
    if (partition.isEmpty() || !partition.get().isLeader()) {
      return out.setErrorCode(StorageErrors.missingPartition(broker, topic.get().name(), p.index()).code());
    }
    PartitionLog log = partition.get().log();
    if (!(p.records() instanceof MemoryRecords records)) {
      return out.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("no records");
    }
    ByteBuffer buffer = records.buffer().duplicate();
    int epoch = partition.get().leaderEpoch();
    try {
      // The partition wakes the requests parked on it (Broker.onHighWatermark -> AppendWatchers).
      AppendResult result = partition.get().appendAsLeader(buffer, acks == -1 ? log.config().minInsyncReplicas() : 0);
      if (log.config().logAppendTime()) {
        out.setLogAppendTimeMs(result.maxTimestamp());
      }
      out.setErrorCode(Errors.NONE.code()).setBaseOffset(result.firstOffset()).setLogStartOffset(log.logStartOffset());
      if (acks == -1) {
        // A retried duplicate waits like the original: it is acknowledged only once the ISR has it.
        pending.add(new Pending(partition.get(), epoch, result.lastOffset() + 1, log.config().minInsyncReplicas(), out));
      }
      return out;
    } catch (NotLeaderException | NotEnoughReplicasException e) {
      return out.setErrorCode(StorageErrors.toError(e).code()).setErrorMessage(e.getMessage());
    } catch (OutOfOrderSequenceException e) {
      // To an idempotent producer a gap at its next sequence means the partition lost records: it
      // starts a new producer epoch and sends its unacknowledged batches again under new sequences.
      // A node that lost the leadership without having heard of it yet (paused, cut off) lacks the
      // new leader's records and would see such a gap, and the records sent again would then be
      // written twice. So a gap is reported only once the quorum confirms this node still leads.
      Partition leader = partition.get();
      gapChecks.add(broker.confirmLeadership(leader.topicPartition(), epoch).thenAccept(leads -> {
        if (leads) {
          out.setErrorCode(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code()).setErrorMessage(e.getMessage());
        } else {
          out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()).setErrorMessage("node " + broker.nodeId()
              + " could not confirm with the metadata quorum that it still leads " + leader.topicPartition()
              + " in epoch " + epoch + "; refresh the metadata and send to the current leader");
        }
      }));
      return out;
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
