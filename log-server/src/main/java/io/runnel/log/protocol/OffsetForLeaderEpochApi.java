package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.Partition;
import io.runnel.log.storage.EpochEndOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;

/**
 * OffsetForLeaderEpoch (KIP-101, KIP-279, KIP-320): on the leader, for a requested epoch, the
 * largest epoch at or below it and the offset where it ends (the next epoch's start, or the log
 * end for the latest epoch), or epoch -1 and offset -1 when the
 * requested epoch is older than any the log knows. A follower uses the answer to truncate what
 * diverged; a consumer to detect truncation after a leader change. The current leader epoch is
 * checked as for Fetch. Stateless.
 */
final class OffsetForLeaderEpochApi {
  private OffsetForLeaderEpochApi() {}

  static void register(ApiTable table, Broker broker) {
    table.register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4, (ctx, req) ->
        CompletableFuture.completedFuture(handle(broker, ((OffsetsForLeaderEpochRequest) req).data())));
  }

  private static OffsetForLeaderEpochResponseData handle(Broker broker, OffsetForLeaderEpochRequestData data) {
    OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResultCollection topics =
        new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResultCollection();
    for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : data.topics()) {
      OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult result =
          new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(t.topic());
      for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
        OffsetForLeaderEpochResponseData.EpochEndOffset out = new OffsetForLeaderEpochResponseData.EpochEndOffset()
            .setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
        result.partitions().add(out);
        Optional<Partition> partition = broker.partition(t.topic(), p.partition());
        if (partition.isEmpty() || !partition.get().isLeader()) {
          out.setErrorCode(StorageErrors.missingPartition(broker, t.topic(), p.partition()).code());
          continue;
        }
        Errors epochError = LeaderEpochs.check(p.currentLeaderEpoch(), partition.get().leaderEpoch());
        if (epochError != Errors.NONE) {
          out.setErrorCode(epochError.code());
          continue;
        }
        // Not bounded by the high watermark, for consumers either: a new leader's high watermark may
        // still be below what consumers read from the old one, and a lower answer reads as truncation.
        EpochEndOffset end = partition.get().log().endOffsetForEpoch(p.leaderEpoch());
        out.setErrorCode(Errors.NONE.code()).setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
      }
      topics.add(result);
    }
    return new OffsetForLeaderEpochResponseData().setTopics(topics);
  }
}
