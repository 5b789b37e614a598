package io.runnel.samples.microservices;

import io.runnel.state.serde.Serdes;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TopicPartition;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order service: places an order by sending a payment request with a fresh correlation id and
 * keeping the order as pending under that id; a listener thread reads the replies and completes the
 * pending order whose id the reply carries. A reply for no pending order (one that timed out, or
 * from before a restart) is reported and ignored.
 *
 * <p>Thread-safe: {@link #placeOrder} and {@link #expire} may be called from any thread while the
 * listener thread completes orders; the pending orders are a concurrent map.
 */
final class OrderService implements AutoCloseable {
  /** An order waiting for its payment reply. */
  private record Pending(
      long orderId,
      String customer,
      long amountCents,
      long sentAtMs,
      CompletableFuture<PaymentReply> reply) {}

  private final LogProducer producer;
  private final LogConsumer consumer;
  private final String requestsTopic;
  private final String repliesTopic;
  private final int requestPartitions;
  private final PrintStream out;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextOrderId = new AtomicLong(1);
  private final Thread listener;
  private volatile boolean running = true;

  /**
   * Starts the reply listener on {@code repliesTopic}, as member of the group {@code
   * order-service}.
   */
  OrderService(
      Log log, String requestsTopic, int requestPartitions, String repliesTopic, PrintStream out) {
    this.producer = log.newProducer();
    this.consumer = log.newConsumer("order-service");
    this.requestsTopic = requestsTopic;
    this.requestPartitions = requestPartitions;
    this.out = out;
    this.repliesTopic = repliesTopic;
    this.listener = new Thread(this::listen, "order-service-replies");
    listener.start();
  }

  /**
   * Places an order: sends its payment request and returns the reply to come. The order is printed
   * when the reply arrives.
   */
  CompletableFuture<PaymentReply> placeOrder(String customer, long amountCents) {
    long orderId = nextOrderId.getAndIncrement();
    String correlationId = UUID.randomUUID().toString();
    CompletableFuture<PaymentReply> reply = new CompletableFuture<>();
    pending.put(
        correlationId,
        new Pending(orderId, customer, amountCents, System.currentTimeMillis(), reply));
    out.printf(
        Locale.ROOT,
        "orders:    order #%d %-8s %9s placed, payment %s requested%n",
        orderId,
        customer,
        money(amountCents),
        shortId(correlationId));
    byte[] key = Serdes.string().serialize(customer);
    producer.send(
        new TopicPartition(requestsTopic, KeyPartitioner.partition(key, requestPartitions)),
        key,
        Serdes.json(PaymentRequest.class)
            .serialize(new PaymentRequest(correlationId, orderId, customer, amountCents)),
        System.currentTimeMillis());
    producer.flush();
    return reply;
  }

  /** The number of orders waiting for their reply. */
  int pendingOrders() {
    return pending.size();
  }

  /** Cancels the orders waiting longer than {@code timeoutMs} for their reply. */
  void expire(long timeoutMs) {
    long now = System.currentTimeMillis();
    pending.forEach(
        (correlationId, order) -> {
          if (now - order.sentAtMs() > timeoutMs && pending.remove(correlationId, order)) {
            out.printf(
                "orders:    order #%d cancelled: no payment reply after %d ms%n",
                order.orderId(), timeoutMs);
            order.reply().cancel(false);
          }
        });
  }

  private void listen() {
    try {
      consumer.subscribe(
          List.of(repliesTopic),
          new RebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              // every reply read was committed right after it was handled
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
          });
      while (running) {
        List<LogRecord> replies = consumer.poll(Duration.ofMillis(100));
        for (LogRecord r : replies) {
          PaymentReply reply = Serdes.json(PaymentReply.class).deserialize(r.value());
          Pending order = pending.remove(reply.correlationId());
          if (order == null) {
            out.println(
                "orders:    reply "
                    + shortId(reply.correlationId())
                    + " matches no pending order; ignored");
            continue;
          }
          report(order, reply);
          order.reply().complete(reply);
        }
        if (!replies.isEmpty()) {
          consumer.commit(positions());
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        out.println("orders:    the reply listener stopped: " + e);
      }
    }
  }

  private Map<TopicPartition, Long> positions() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      offsets.put(tp, consumer.position(tp));
    }
    return offsets;
  }

  private void report(Pending order, PaymentReply reply) {
    String outcome = reply.approved() ? "PAID" : "DECLINED (" + reply.reason() + ")";
    String check =
        reply.amountCents() == order.amountCents()
            ? ""
            : "  MISMATCH: the reply is for " + money(reply.amountCents());
    out.printf(
        Locale.ROOT,
        "orders:    order #%d %-8s %9s %s, payment %s%s%n",
        order.orderId(),
        order.customer(),
        money(order.amountCents()),
        outcome,
        shortId(reply.correlationId()),
        check);
  }

  /** Stops the listener, then releases the producer and consumer. */
  @Override
  public void close() {
    running = false;
    try {
      listener.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
    producer.close();
  }

  /** The first 8 characters of a correlation id, enough to follow it by eye. */
  static String shortId(String correlationId) {
    return correlationId.length() > 8 ? correlationId.substring(0, 8) : correlationId;
  }

  /** Cents as money: {@code 12345} is {@code 123.45}. */
  static String money(long cents) {
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
  }
}
