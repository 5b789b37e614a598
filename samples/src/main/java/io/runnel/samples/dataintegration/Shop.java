package io.runnel.samples.dataintegration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;

/**
 * A simulated shop writing to its own database: customers sign up and place orders. It knows
 * nothing of Runnel; the sample reads its tables with jdbc-source.
 *
 * <p>Each {@link #tick()} is one event: usually an order by a customer, every fifth a new customer
 * signing up. A new customer orders only from two ticks after signing up, so the customer's row
 * reaches the log well before the first order does.
 *
 * <p>Not thread-safe: the sample's jobs thread calls it.
 */
final class Shop implements AutoCloseable {
  private static final String[][] PEOPLE = {
    {"Ada Lovelace", "London"}, {"Grace Hopper", "Arlington"}, {"Alan Turing", "Manchester"},
    {"Edsger Dijkstra", "Austin"}, {"Barbara Liskov", "Boston"}, {"Donald Knuth", "Stanford"},
    {"Margaret Hamilton", "Cambridge"}, {"Ken Thompson", "Berkeley"}, {"Frances Allen", "Peru"},
    {"John Backus", "Philadelphia"}, {"Radia Perlman", "Portsmouth"}, {"Niklaus Wirth", "Zurich"}
  };
  private static final String[] PRODUCTS = {
    "keyboard", "monitor", "mouse", "desk lamp", "headphones", "usb cable"
  };
  private static final double[] PRICES = {49.90, 189.00, 19.50, 34.00, 79.00, 7.25};
  private static final int FIRST_CUSTOMERS = 4;

  private final Connection db;
  private final String customers;
  private final String orders;
  private final PrintStream out;
  private final Random random;

  /** Customers who may order now: ids and the tick from which they may. */
  private final List<long[]> shoppers = new ArrayList<>();

  private long nextCustomerId;
  private long nextOrderId;
  private long tick;
  private long ordersPlaced;

  /**
   * Connects to the shop's database at {@code url} (as {@code user} with {@code password} if they
   * are not null), creating tables {@code <prefix>customers} and {@code <prefix>orders} if needed
   * and the first customers if there are none.
   *
   * @throws IllegalStateException naming the URL if the database cannot be used
   */
  Shop(String url, String user, String password, String prefix, long seed, PrintStream out) {
    this.customers = prefix + "customers";
    this.orders = prefix + "orders";
    this.out = out;
    this.random = new Random(seed);
    try {
      Properties credentials = new Properties();
      if (user != null) {
        credentials.setProperty("user", user);
      }
      if (password != null) {
        credentials.setProperty("password", password);
      }
      db = DriverManager.getConnection(url, credentials);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the shop's database " + url + " (option jdbc.url): " + e.getMessage(), e);
    }
    try (Statement s = db.createStatement()) {
      if (url.startsWith("jdbc:sqlite:")) {
        // The connectors read and write the same file while the shop writes: WAL lets them.
        s.execute("PRAGMA journal_mode=WAL");
      }
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + customers
              + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, city VARCHAR(100) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + orders
              + " (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, product VARCHAR(100) NOT"
              + " NULL, quantity INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL)");
      nextCustomerId = maxId(s, customers) + 1;
      nextOrderId = maxId(s, orders) + 1;
      for (long id = 1; id < nextCustomerId; id++) {
        shoppers.add(new long[] {id, 0});
      }
      while (nextCustomerId <= FIRST_CUSTOMERS) {
        signUp(0);
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException(
          "cannot set up the shop's tables in " + url + ": " + e.getMessage(), e);
    }
  }

  private static long maxId(Statement s, String table) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The number of customers. */
  long customerCount() {
    return nextCustomerId - 1;
  }

  /** The number of orders this shop placed since it opened. */
  long ordersPlaced() {
    return ordersPlaced;
  }

  /** One event: a new customer signing up or an order. */
  void tick() {
    tick++;
    try {
      if (tick % 5 == 0 && nextCustomerId <= PEOPLE.length) {
        signUp(tick + 2);
      } else {
        placeOrder();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the shop cannot write to its database: " + e, e);
    }
  }

  /** Inserts the next customer, who may order from tick {@code ordersFrom}. */
  private void signUp(long ordersFrom) throws SQLException {
    long id = nextCustomerId++;
    String[] person = PEOPLE[(int) ((id - 1) % PEOPLE.length)];
    try (PreparedStatement insert =
        db.prepareStatement("INSERT INTO " + customers + " (id, name, city) VALUES (?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, person[0]);
      insert.setString(3, person[1]);
      insert.executeUpdate();
    }
    shoppers.add(new long[] {id, ordersFrom});
    out.printf("shop:      customer %d %s from %s signed up%n", id, person[0], person[1]);
  }

  private void placeOrder() throws SQLException {
    List<Long> ready = shoppers.stream().filter(c -> c[1] <= tick).map(c -> c[0]).toList();
    long customerId = ready.get(random.nextInt(ready.size()));
    int product = random.nextInt(PRODUCTS.length);
    int quantity = 1 + random.nextInt(3);
    long id = nextOrderId++;
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO "
                + orders
                + " (id, customer_id, product, quantity, price) VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setLong(2, customerId);
      insert.setString(3, PRODUCTS[product]);
      insert.setInt(4, quantity);
      insert.setDouble(5, PRICES[product]);
      insert.executeUpdate();
    }
    ordersPlaced++;
    out.printf(
        Locale.ROOT,
        "shop:      order #%d by customer %d: %d x %s at %.2f%n",
        id,
        customerId,
        quantity,
        PRODUCTS[product],
        PRICES[product]);
  }

  /** The number of rows of {@code table}, or -1 if it does not exist yet. */
  long rows(String table) {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      if (db != null) {
        db.close();
      }
    } catch (SQLException e) {
      out.println("shop: cannot close its database connection: " + e.getMessage());
    }
  }
}
