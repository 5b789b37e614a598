package io.runnel.samples.dataintegration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runnel.samples.SampleHarness;
import io.runnel.state.serde.Serdes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data-integration sample against a real log-server and a real database: every order the shop
 * placed arrives in {@code enriched_orders} with its own customer's name and city and the right
 * total, and a restarted sample copies only the new rows. Run on SQLite by {@link
 * DataIntegrationIT} and on PostgreSQL by {@link DataIntegrationPostgresIT}.
 */
@SuppressWarnings("try") // a running sample is a resource the test body does not touch
abstract class DataIntegrationContract extends SampleHarness {

  /** The database URL the sample gets as option {@code jdbc.url}, or null for its default. */
  protected abstract String url();

  /** The sample's options naming the database: {@code jdbc.url} and others. */
  protected Map<String, String> databaseOptions() {
    return url() == null ? Map.of() : Map.of("jdbc.url", url());
  }

  /** The table prefix, so runs sharing a database do not meet. */
  protected abstract String prefix();

  private String effectiveUrl() {
    return url() != null
        ? url()
        : "jdbc:sqlite:" + tmp.resolve("work").resolve("shop.db").toAbsolutePath();
  }

  private Map<String, String> options(int orders) {
    Map<String, String> options = new HashMap<>();
    options.put("orders", Integer.toString(orders));
    options.put("shop.interval.ms", "250");
    options.put("poll.interval.ms", "100");
    options.put("report.interval.ms", "200");
    options.put("table.prefix", prefix());
    options.putAll(databaseOptions());
    return options;
  }

  private long count(String sql) {
    try (Connection db = DriverManager.getConnection(effectiveUrl());
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      return -1; // the sink has not created its table yet
    }
  }

  private void assertEveryOrderEnrichedWithItsOwnCustomer(int orders) throws SQLException {
    String p = prefix();
    try (Connection db = DriverManager.getConnection(effectiveUrl());
        Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT e.order_id, e.customer_id, e.customer_name, e.city, e.product, e.quantity,"
                    + " e.total, o.customer_id, c.name, c.city, o.product, o.quantity, o.price"
                    + " FROM "
                    + p
                    + "orders o"
                    + " JOIN "
                    + p
                    + "customers c ON c.id = o.customer_id"
                    + " LEFT JOIN "
                    + p
                    + "enriched_orders e ON e.order_id = o.id"
                    + " ORDER BY o.id")) {
      int rows = 0;
      while (r.next()) {
        rows++;
        String order = "order " + r.getLong(1);
        assertThat(r.getLong(2)).as(order).isEqualTo(r.getLong(8));
        assertThat(r.getString(3)).as(order).isEqualTo(r.getString(9));
        assertThat(r.getString(4)).as(order).isEqualTo(r.getString(10));
        assertThat(r.getString(5)).as(order).isEqualTo(r.getString(11));
        assertThat(r.getInt(6)).as(order).isEqualTo(r.getInt(12));
        assertThat(r.getDouble(7))
            .as(order)
            .isCloseTo(r.getInt(12) * r.getDouble(13), within(0.005));
      }
      assertThat(rows).isEqualTo(orders);
    }
  }

  @Test
  void everyOrderArrivesEnrichedWithItsCustomerAndARestartCopiesOnlyNewRows() throws Exception {
    String enriched = prefix() + "enriched_orders";
    try (AutoCloseable sample = new DataIntegrationSample().start(context(options(12)))) {
      await("12 rows in " + enriched, () -> count("SELECT COUNT(*) FROM " + enriched) == 12);
      assertEveryOrderEnrichedWithItsOwnCustomer(12);
      await(
          "the row report",
          () ->
              printed()
                  .contains(
                      "database:  12 rows in " + prefix() + "orders, 12 rows in " + enriched));
    }
    assertThat(printed())
        .contains("shop:      customer 5 Barbara Liskov from Boston signed up")
        .contains("shop:      12 orders placed; closed for the day")
        .containsPattern(
            "join:      order #1 for [A-Z][a-z]+ [A-Z][a-z]+ \\([A-Z][a-z]+\\): \\d x ")
        .doesNotContain(EnrichedOrder.UNKNOWN_CUSTOMER);

    // Again, 3 more orders: jdbc-source resumes from its stored offsets, so each order is copied
    // to the topic once in all.
    try (AutoCloseable sample = new DataIntegrationSample().start(context(options(3)))) {
      await("15 rows in " + enriched, () -> count("SELECT COUNT(*) FROM " + enriched) == 15);
      assertEveryOrderEnrichedWithItsOwnCustomer(15);
    }
    assertThat(readTopic("shop-" + prefix() + "orders", Serdes.string(), Serdes.json(Order.class)))
        .hasSize(15);
  }
}
