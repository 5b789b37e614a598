package io.runnel.samples.dataintegration;

import io.runnel.connect.StandaloneWorker;
import io.runnel.samples.Sample;
import io.runnel.samples.SampleContext;
import io.runnel.samples.support.SampleRun;
import io.runnel.samples.support.Topics;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Joined;
import io.runnel.streams.KTable;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.StreamsBuilder;
import io.runnel.streams.Topology;
import io.runnel.streams.log.Log;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Data integration: database -> jdbc-source -> topics -> stream-table join -> topic -> jdbc-sink ->
 * database.
 *
 * <p>A simulated {@link Shop} inserts customers and orders; jdbc-source (incrementing mode) copies
 * both tables to topics {@code shop-customers} and {@code shop-orders}; a streams app keys each
 * order by its customer and joins it with the customers table into topic {@code enriched-orders};
 * jdbc-sink upserts those into table {@code enriched_orders} of the same database.
 *
 * <p>Options: {@code jdbc.url} (default a SQLite file {@code shop.db} in the work directory; or
 * {@code jdbc:postgresql://...}), {@code jdbc.user} and {@code jdbc.password} (if the URL does not
 * hold them), {@code table.prefix} (""), {@code shop.interval.ms} (1000), {@code orders} (how many
 * orders the shop places; default no limit), {@code report.interval.ms} (5000), {@code
 * poll.interval.ms} (how often jdbc-source queries, 500), {@code partitions} (2).
 */
public final class DataIntegrationSample implements Sample {
  /** The topic of the enriched orders: key the customer id, value an {@link EnrichedOrder}. */
  public static final String ENRICHED_TOPIC = "enriched-orders";

  @Override
  public String name() {
    return "data-integration";
  }

  @Override
  public String description() {
    return "jdbc-source (orders, customers) -> stream-table join -> jdbc-sink (enriched_orders)";
  }

  /** The streams app: orders keyed by customer, joined with the customers table. */
  static Topology topology(String customersTopic, String ordersTopic, PrintStream out) {
    Serde<String> s = Serdes.string();
    Serde<Order> orderSerde = Serdes.json(Order.class);
    StreamsBuilder builder = new StreamsBuilder();
    // jdbc-source keys each row by its id, written as text by the string key converter.
    KTable<String, Customer> customers =
        builder.table(
            customersTopic,
            Consumed.with(s, Serdes.json(Customer.class)),
            Materialized.as("customers"));
    builder.stream(ordersTopic, Consumed.with(s, orderSerde))
        .selectKey((orderId, order) -> Long.toString(order.customerId()))
        .leftJoin(
            customers, EnrichedOrder::of, Joined.with(s, orderSerde).withName("orders-by-customer"))
        .peek(
            (customerId, e) ->
                out.printf(
                    Locale.ROOT,
                    "join:      order #%d for %s (%s): %d x %s = %.2f%n",
                    e.orderId(),
                    e.customerName(),
                    e.city(),
                    e.quantity(),
                    e.product(),
                    e.total()))
        .to(ENRICHED_TOPIC, Produced.with(s, Serdes.json(EnrichedOrder.class)));
    return builder.build();
  }

  @Override
  public AutoCloseable start(SampleContext context) throws Exception {
    PrintStream out = context.out();
    Map<String, String> options = context.options();
    String url =
        context.option(
            "jdbc.url", "jdbc:sqlite:" + context.workDir().resolve("shop.db").toAbsolutePath());
    String prefix = context.option("table.prefix", "");
    if (!prefix.matches("[A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "option 'table.prefix' may hold only letters, digits and '_', got '" + prefix + "'");
    }
    long shopIntervalMs = SampleRun.positiveLong(options, "shop.interval.ms", 1000);
    long maxOrders = SampleRun.positiveLong(options, "orders", Long.MAX_VALUE);
    long reportIntervalMs = SampleRun.positiveLong(options, "report.interval.ms", 5000);
    long pollIntervalMs = SampleRun.positiveLong(options, "poll.interval.ms", 500);
    int partitions = Topics.partitions(options, 2);
    String customersTopic = "shop-" + prefix + "customers";
    String ordersTopic = "shop-" + prefix + "orders";
    String enrichedTable = prefix + "enriched_orders";

    Files.createDirectories(context.workDir());
    SampleRun run = new SampleRun(name(), out);
    try {
      try (Log log = Log.open(Map.of(Log.BOOTSTRAP_SERVERS, context.bootstrapServers()))) {
        // Both inputs of the join need the same partition count, so they are made here.
        Topics.create(log, partitions, customersTopic, ordersTopic, ENRICHED_TOPIC);
      }
      // The shop and both connectors use the same database.
      Map<String, String> connection = new HashMap<>();
      connection.put("connection.url", url);
      if (options.containsKey("jdbc.user")) {
        connection.put("connection.user", options.get("jdbc.user"));
      }
      if (options.containsKey("jdbc.password")) {
        connection.put("connection.password", options.get("jdbc.password"));
      }
      Shop shop =
          run.add(
              new Shop(
                  url, options.get("jdbc.user"), options.get("jdbc.password"), prefix, 42, out));
      out.println(
          "shop database "
              + url
              + ": tables "
              + prefix
              + "customers ("
              + shop.customerCount()
              + " rows), "
              + prefix
              + "orders");

      StandaloneWorker worker =
          run.add(
              new StandaloneWorker(
                  Map.of(
                      "bootstrap.servers", context.bootstrapServers(),
                      "group.id", "data-integration",
                      "offset.flush.interval.ms", "1000",
                      "key.converter", "string",
                      "value.converter", "json")));
      Map<String, String> source = new HashMap<>(connection);
      source.putAll(
          Map.of(
              "name", "shop-source",
              "connector.class", "jdbc-source",
              "tables", prefix + "customers," + prefix + "orders",
              "mode", "incrementing",
              "incrementing.column.name", "id",
              "topic.prefix", "shop-",
              "poll.interval.ms", Long.toString(pollIntervalMs)));
      worker.startConnector(source);
      Map<String, String> sink = new HashMap<>(connection);
      sink.putAll(
          Map.of(
              "name", "warehouse-sink",
              "connector.class", "jdbc-sink",
              "topics", ENRICHED_TOPIC,
              "insert.mode", "upsert",
              "pk.mode", "record_value",
              "pk.fields", "order_id",
              "table.name.format", enrichedTable));
      worker.startConnector(sink);
      out.println(
          "connectors: shop-source ("
              + prefix
              + "customers, "
              + prefix
              + "orders -> shop-*), warehouse-sink ("
              + ENRICHED_TOPIC
              + " -> "
              + enrichedTable
              + ")");

      CountDownLatch running = new CountDownLatch(1);
      RunnelStreams app =
          new RunnelStreams(
              topology(customersTopic, ordersTopic, out),
              Map.of(
                  "application.id",
                  "data-integration",
                  "bootstrap.servers",
                  context.bootstrapServers(),
                  "state.dir",
                  context.workDir().resolve("state").toString(),
                  "commit.interval.ms",
                  "1000"));
      app.setStateListener(
          (now, before) -> {
            out.println("join app:  " + before + " -> " + now);
            if (now == RunnelStreams.State.RUNNING) {
              running.countDown();
            }
          });
      run.add(app);
      app.start();

      // The shop opens once the join runs: it has loaded the customers by the first order.
      run.once("opening the shop", () -> awaitRunning(running, out));
      run.every(
          shopIntervalMs,
          "the shop",
          () -> {
            if (shop.ordersPlaced() < maxOrders) {
              shop.tick();
              if (shop.ordersPlaced() == maxOrders) {
                out.println("shop:      " + maxOrders + " orders placed; closed for the day");
              }
            }
          });
      long[] lastReport = {-1, -1};
      run.every(
          reportIntervalMs,
          "reporting rows",
          () -> {
            long orders = shop.rows(prefix + "orders");
            long enriched = shop.rows(enrichedTable);
            if (orders != lastReport[0] || enriched != lastReport[1]) {
              lastReport[0] = orders;
              lastReport[1] = enriched;
              out.printf(
                  "database:  %d rows in %sorders, %d rows in %s%n",
                  orders, prefix, Math.max(enriched, 0), enrichedTable);
            }
          });
      return run;
    } catch (RuntimeException e) {
      throw run.abort(e);
    }
  }

  private static void awaitRunning(CountDownLatch running, PrintStream out) {
    try {
      if (!running.await(60, TimeUnit.SECONDS)) {
        out.println("shop:      the join app is not running after 60 s; opening anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
