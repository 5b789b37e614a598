package io.runnel.log.protocol;

import io.runnel.log.server.Broker;
import io.runnel.log.server.Partition;
import io.runnel.log.storage.PartitionLog;
import io.runnel.log.storage.TimestampOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: earliest (-2), latest (-1), max timestamp (-3), earliest local (-4, the same as
 * earliest here: there is no tiered storage) or the first offset with a timestamp at least T.
 * Consumers (replica id -1) see only offsets below the high watermark: latest is the high
 * watermark. Answers carry the partition's leader epoch; a current leader epoch in the request is
 * checked as for Fetch. Stateless.
 */
final class ListOffsetsApi {
  private static final long EARLIEST_LOCAL = -4;

  private ListOffsetsApi() {}

  static void register(ApiTable table, Broker broker) {
    table.register(ApiKeys.LIST_OFFSETS, 1, 8, (ctx, req) ->
        CompletableFuture.completedFuture(handle(broker, ((ListOffsetsRequest) req).data())));
  }

  private static ListOffsetsResponseData handle(Broker broker, ListOffsetsRequestData data) {
    List<ListOffsetsResponseData.ListOffsetsTopicResponse> topics = new ArrayList<>();
    for (ListOffsetsRequestData.ListOffsetsTopic t : data.topics()) {
      List<ListOffsetsResponseData.ListOffsetsPartitionResponse> partitions = new ArrayList<>();
      for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse out = new ListOffsetsResponseData.ListOffsetsPartitionResponse()
            .setPartitionIndex(p.partitionIndex()).setTimestamp(-1).setOffset(-1).setLeaderEpoch(0);
        Optional<Partition> partition = broker.partition(t.name(), p.partitionIndex());
        if (partition.isEmpty() || !partition.get().isLeader()) {
          partitions.add(out.setErrorCode(StorageErrors.missingPartition(broker, t.name(), p.partitionIndex()).code()));
          continue;
        }
        Errors epochError = LeaderEpochs.check(p.currentLeaderEpoch(), partition.get().leaderEpoch());
        if (epochError != Errors.NONE) {
          partitions.add(out.setErrorCode(epochError.code()));
          continue;
        }
        out.setLeaderEpoch(partition.get().leaderEpoch());
        PartitionLog log = partition.get().log();
        long limit = data.replicaId() >= 0 ? log.logEndOffset() : partition.get().highWatermark();
        long timestamp = p.timestamp() == EARLIEST_LOCAL ? TimestampOffset.EARLIEST : p.timestamp();
        if (timestamp < TimestampOffset.MAX_TIMESTAMP) {
          partitions.add(out.setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
          continue;
        }
        Optional<TimestampOffset> found = timestamp == TimestampOffset.LATEST
            ? Optional.of(new TimestampOffset(-1, limit))
            : log.offsetForTimestamp(timestamp).filter(f -> timestamp == TimestampOffset.EARLIEST || f.offset() < limit);
        found.ifPresent(f -> out.setTimestamp(f.timestamp()).setOffset(f.offset()));
        partitions.add(out.setErrorCode(Errors.NONE.code()));
      }
      topics.add(new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(t.name()).setPartitions(partitions));
    }
    return new ListOffsetsResponseData().setTopics(topics);
  }
}
