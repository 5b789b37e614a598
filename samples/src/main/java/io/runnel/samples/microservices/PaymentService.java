package io.runnel.samples.microservices;

import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Produced;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import java.io.PrintStream;
import java.util.Set;

/**
 * The payment service: a streams app answering every payment request on the replies topic, keyed by
 * the request's correlation id. A payment is declined if it is over {@link #LIMIT_CENTS} or the
 * customer's card is blocked. Stateless.
 */
public final class PaymentService {
  /** The largest payment approved, in cents (500.00). */
  public static final long LIMIT_CENTS = 50_000;

  /** Customers whose card is blocked. */
  public static final Set<String> BLOCKED = Set.of("mallory");

  private PaymentService() {}

  /** The topology: requests in, one reply out per request. */
  static Topology topology(String requestsTopic, String repliesTopic, PrintStream out) {
    Serde<String> s = Serdes.string();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(requestsTopic, Consumed.with(s, Serdes.json(PaymentRequest.class)))
        .mapValues(PaymentService::decide)
        .peek(
            (customer, reply) ->
                out.printf(
                    "payments:  %s %-8s %s%n",
                    OrderService.shortId(reply.correlationId()),
                    customer,
                    reply.approved() ? "approved" : "declined, " + reply.reason()))
        .selectKey((customer, reply) -> reply.correlationId())
        .to(repliesTopic, Produced.with(s, Serdes.json(PaymentReply.class)));
    return builder.build();
  }

  /** The reply to {@code request}. */
  static PaymentReply decide(PaymentRequest request) {
    String reason = null;
    if (BLOCKED.contains(request.customer())) {
      reason = "card blocked";
    } else if (request.amountCents() > LIMIT_CENTS) {
      reason = "over the " + OrderService.money(LIMIT_CENTS) + " limit";
    }
    return new PaymentReply(request.correlationId(), reason == null, request.amountCents(), reason);
  }
}
