package io.runnel.log.protocol;

import io.runnel.log.server.MetadataException;
import io.runnel.log.storage.CorruptRecordException;
import io.runnel.log.storage.InvalidConfigException;
import io.runnel.log.storage.InvalidRecordException;
import io.runnel.log.storage.OffsetOutOfRangeException;
import io.runnel.log.storage.RecordTooLargeException;
import io.runnel.log.storage.StorageException;
import org.apache.kafka.common.protocol.Errors;

/** Maps the storage and metadata exceptions to the Kafka error codes a client understands. */
final class StorageErrors {
  private StorageErrors() {}

  static Errors toError(Throwable e) {
    if (e instanceof CorruptRecordException) {
      return Errors.CORRUPT_MESSAGE;
    }
    if (e instanceof InvalidRecordException) {
      return Errors.INVALID_RECORD;
    }
    if (e instanceof RecordTooLargeException) {
      return Errors.MESSAGE_TOO_LARGE;
    }
    if (e instanceof OffsetOutOfRangeException) {
      return Errors.OFFSET_OUT_OF_RANGE;
    }
    if (e instanceof InvalidConfigException) {
      return Errors.INVALID_CONFIG;
    }
    if (e instanceof io.runnel.log.storage.OutOfOrderSequenceException) {
      return Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
    }
    if (e instanceof io.runnel.log.storage.ProducerFencedException) {
      return Errors.INVALID_PRODUCER_EPOCH;
    }
    if (e instanceof io.runnel.log.server.NotLeaderException) {
      return Errors.NOT_LEADER_OR_FOLLOWER;
    }
    if (e instanceof io.runnel.log.server.NotEnoughReplicasException) {
      return Errors.NOT_ENOUGH_REPLICAS;
    }
    if (e instanceof MetadataException m) {
      switch (m.reason()) {
        case TOPIC_ALREADY_EXISTS:
          return Errors.TOPIC_ALREADY_EXISTS;
        case UNKNOWN_TOPIC:
          return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        case INVALID_TOPIC:
          return Errors.INVALID_TOPIC_EXCEPTION;
        case INVALID_PARTITIONS:
          return Errors.INVALID_PARTITIONS;
        case INVALID_REPLICATION_FACTOR:
          return Errors.INVALID_REPLICATION_FACTOR;
        case INVALID_CONFIG:
          return Errors.INVALID_CONFIG;
        case QUORUM_UNAVAILABLE:
          return Errors.REQUEST_TIMED_OUT;
        default:
          return Errors.UNKNOWN_SERVER_ERROR;
      }
    }
    if (e instanceof StorageException) {
      return Errors.KAFKA_STORAGE_ERROR;
    }
    return Errors.UNKNOWN_SERVER_ERROR;
  }

  /**
   * The error for a partition this node has no leader log of: NOT_LEADER_OR_FOLLOWER when the
   * cluster has it (led elsewhere; the client refreshes its metadata), LEADER_NOT_AVAILABLE when it
   * has no leader, UNKNOWN_TOPIC_OR_PARTITION otherwise.
   */
  static Errors missingPartition(io.runnel.log.server.Broker broker, String topic, int partition) {
    return broker.metadata().partition(topic, partition)
        .map(s -> s.hasLeader() ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.LEADER_NOT_AVAILABLE)
        .orElse(Errors.UNKNOWN_TOPIC_OR_PARTITION);
  }
}
