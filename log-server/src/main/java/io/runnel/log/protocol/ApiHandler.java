package io.runnel.log.protocol;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Handles the requests of one API. The returned future completes with the response body; it may
 * complete later (a Fetch waiting for data, a Produce waiting for acks, a JoinGroup waiting for the
 * rebalance) and from any thread: responses still leave the connection in request order.
 *
 * <p>A handler that throws, or completes exceptionally, gets the API's error response built from
 * the exception (Kafka's {@code AbstractRequest#getErrorResponse}).
 */
@FunctionalInterface
public interface ApiHandler {
  CompletableFuture<? extends ApiMessage> handle(RequestContext context, AbstractRequest request);
}
