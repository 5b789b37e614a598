package io.runnel.samples.microservices;

import io.runnel.samples.Sample;
import io.runnel.samples.SampleContext;
import io.runnel.samples.support.SampleRun;
import io.runnel.samples.support.Topics;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.log.Log;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Microservices: an order service and a payment service that know each other only by two topics.
 * The order service sends each order's payment request to {@code payment-requests} with a fresh
 * correlation id; the payment service approves or declines it and answers on {@code
 * payment-replies}; the order service matches each reply to its pending order by that id.
 *
 * <p>Options: {@code orders} (how many orders to place; default no limit), {@code
 * order.interval.ms} (800), {@code reply.timeout.ms} (30000: a pending order is cancelled after
 * it), {@code seed} (of the random orders; default random), {@code partitions} (2).
 */
public final class MicroservicesSample implements Sample {
  /** Payment requests: key the customer, value a {@link PaymentRequest} as JSON. */
  public static final String REQUESTS_TOPIC = "payment-requests";

  /** Payment replies: key the correlation id, value a {@link PaymentReply} as JSON. */
  public static final String REPLIES_TOPIC = "payment-replies";

  private static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "mallory");

  @Override
  public String name() {
    return "microservices";
  }

  @Override
  public String description() {
    return "order and payment services talking through topics, replies matched by correlation id";
  }

  @Override
  public AutoCloseable start(SampleContext context) throws Exception {
    PrintStream out = context.out();
    Map<String, String> options = context.options();
    long maxOrders = SampleRun.positiveLong(options, "orders", Long.MAX_VALUE);
    long intervalMs = SampleRun.positiveLong(options, "order.interval.ms", 800);
    long timeoutMs = SampleRun.positiveLong(options, "reply.timeout.ms", 30_000);
    long seed = SampleRun.longAtLeast(options, "seed", System.nanoTime(), Long.MIN_VALUE);
    int partitions = Topics.partitions(options, 2);

    SampleRun run = new SampleRun(name(), out);
    try {
      Log log = run.add(Log.open(Map.of(Log.BOOTSTRAP_SERVERS, context.bootstrapServers())));
      int requestPartitions = Topics.create(log, partitions, REQUESTS_TOPIC, REPLIES_TOPIC);

      RunnelStreams payments =
          new RunnelStreams(
              PaymentService.topology(REQUESTS_TOPIC, REPLIES_TOPIC, out),
              Map.of(
                  "application.id",
                  "payment-service",
                  "bootstrap.servers",
                  context.bootstrapServers(),
                  "state.dir",
                  context.workDir().resolve("state").toString(),
                  "commit.interval.ms",
                  "1000"));
      payments.setStateListener(
          (now, before) -> out.println("payments:  " + before + " -> " + now));
      run.add(payments);
      payments.start();

      OrderService orders =
          run.add(new OrderService(log, REQUESTS_TOPIC, requestPartitions, REPLIES_TOPIC, out));
      Random random = new Random(seed);
      long[] placed = {0};
      run.every(
          intervalMs,
          "placing orders",
          () -> {
            if (placed[0] < maxOrders) {
              placed[0]++;
              String customer = CUSTOMERS.get(random.nextInt(CUSTOMERS.size()));
              orders.placeOrder(customer, 500 + random.nextInt(60_000));
              if (placed[0] == maxOrders) {
                out.println("orders:    " + maxOrders + " orders placed; no more");
              }
            }
            orders.expire(timeoutMs);
          });
      return run;
    } catch (RuntimeException e) {
      throw run.abort(e);
    }
  }
}
