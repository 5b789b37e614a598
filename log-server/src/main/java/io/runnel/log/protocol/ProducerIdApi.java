package io.runnel.log.protocol;

import io.runnel.log.server.ProducerIdAllocator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * InitProducerId for idempotent producers: a fresh producer id at epoch 0 each time (a producer
 * that re-initializes gets a new id, so its old batches can never be mistaken for new ones).
 * Transactional ids are refused: transactions are not supported yet.
 */
final class ProducerIdApi {
  private ProducerIdApi() {}

  static void register(ApiTable table, ProducerIdAllocator allocator) {
    table.register(ApiKeys.INIT_PRODUCER_ID, 0, 5, (ctx, req) -> {
      InitProducerIdRequestData data = ((InitProducerIdRequest) req).data();
      if (data.transactionalId() != null) {
        return CompletableFuture.completedFuture(new InitProducerIdResponseData()
            .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()).setProducerId(-1).setProducerEpoch((short) -1));
      }
      long id;
      try {
        id = allocator.nextId();
      } catch (io.runnel.log.server.MetadataException e) {
        // No quorum to reserve a block from: the producer retries.
        return CompletableFuture.completedFuture(new InitProducerIdResponseData()
            .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setProducerId(-1).setProducerEpoch((short) -1));
      }
      return CompletableFuture.completedFuture(new InitProducerIdResponseData()
          .setErrorCode(Errors.NONE.code()).setProducerId(id).setProducerEpoch((short) 0));
    });
  }
}
