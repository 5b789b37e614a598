package io.runnel.log.protocol;

import io.runnel.log.cluster.MetadataImage;
import io.runnel.log.server.Broker;
import io.runnel.log.server.MetadataException;
import io.runnel.log.storage.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ElectLeadersRequest;

/**
 * ElectLeaders (KIP-183, KIP-460): what {@code kafka-leader-election.sh} and {@code
 * Admin.electLeaders} send. Preferred (type 0): each partition is led by its first replica again if
 * that replica is live and in sync (PREFERRED_LEADER_NOT_AVAILABLE otherwise, ELECTION_NOT_NEEDED
 * if it leads already). Unclean (type 1): a partition without a leader is led by a live in-sync
 * replica, else by its first live replica (ELIGIBLE_LEADERS_NOT_AVAILABLE when no replica is live,
 * ELECTION_NOT_NEEDED when it has a leader). Without a partition list, every partition, and only
 * those not already led as asked are answered. Answered once the elections are applied on this
 * node. Stateless.
 */
final class ElectLeadersApi {
  private ElectLeadersApi() {}

  static void register(ApiTable table, Broker broker) {
    table.register(ApiKeys.ELECT_LEADERS, 0, 2, (ctx, req) ->
        CompletableFuture.completedFuture(handle(broker, ((ElectLeadersRequest) req).data(), ctx.version())));
  }

  private static ElectLeadersResponseData handle(Broker broker, ElectLeadersRequestData data, short version) {
    boolean unclean = data.electionType() == 1;
    List<TopicPartition> requested = null;
    if (data.topicPartitions() != null) {
      requested = new ArrayList<>();
      for (ElectLeadersRequestData.TopicPartitions t : data.topicPartitions()) {
        for (int p : t.partitions()) {
          requested.add(new TopicPartition(t.topic(), p));
        }
      }
    }
    ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
    if (data.electionType() != 0 && data.electionType() != 1) {
      return response.setErrorCode(Errors.INVALID_REQUEST.code());
    }
    Map<String, ElectLeadersResponseData.ReplicaElectionResult> byTopic = new LinkedHashMap<>();
    try {
      broker.electLeaders(unclean, requested).forEach((tp, election) -> {
        Errors error = error(election.outcome(), unclean);
        result(byTopic, tp).partitionResult().add(new ElectLeadersResponseData.PartitionResult()
            .setPartitionId(tp.partition()).setErrorCode(error.code())
            .setErrorMessage(error == Errors.NONE ? null : election.reason()));
      });
    } catch (MetadataException e) {
      Errors error = StorageErrors.toError(e);
      if (requested == null) {
        // v0 has no top-level error code: an empty answer there.
        return version >= 1 ? response.setErrorCode(error.code()) : response;
      }
      for (TopicPartition tp : requested) {
        result(byTopic, tp).partitionResult().add(new ElectLeadersResponseData.PartitionResult()
            .setPartitionId(tp.partition()).setErrorCode(error.code()).setErrorMessage(e.getMessage()));
      }
    }
    return response.setReplicaElectionResults(new ArrayList<>(byTopic.values()));
  }

  private static ElectLeadersResponseData.ReplicaElectionResult result(
      Map<String, ElectLeadersResponseData.ReplicaElectionResult> byTopic, TopicPartition tp) {
    return byTopic.computeIfAbsent(tp.topic(), t -> new ElectLeadersResponseData.ReplicaElectionResult().setTopic(t));
  }

  private static Errors error(MetadataImage.ElectionOutcome outcome, boolean unclean) {
    return switch (outcome) {
      case ELECT -> Errors.NONE;
      case NOT_NEEDED -> Errors.ELECTION_NOT_NEEDED;
      case NOT_AVAILABLE -> unclean ? Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE : Errors.PREFERRED_LEADER_NOT_AVAILABLE;
      case UNKNOWN -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
    };
  }
}
