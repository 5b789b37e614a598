package io.runnel.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.ErrantRecordReporter;
import io.runnel.connect.SinkRecord;
import io.runnel.connect.SourceRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the JDBC connectors, run against every supported database: {@link SqliteJdbcTest}
 * and {@link PostgresJdbcIT}.
 */
abstract class JdbcConnectorContract {
  /** Tables get a fresh name per test so a shared server needs no cleanup between runs. */
  protected final String table =
      "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private final List<AutoCloseable> toStop = new ArrayList<>();

  /** The JDBC URL of the database under test. */
  protected abstract String url();

  @AfterEach
  void stopTasksAndDropTable() throws Exception {
    for (AutoCloseable c : toStop) {
      c.close();
    }
    if (url() == null) {
      return; // the test was skipped: no database
    }
    sql("DROP TABLE IF EXISTS \"" + table + "\"");
  }

  protected void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  protected List<Map<String, Object>> rows(String orderBy) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY " + orderBy)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.put(
              rs.getMetaData().getColumnLabel(i),
              v instanceof Number ? ((Number) v).longValue() : v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private JdbcSinkTask sink(Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(extra);
    config.put("connection.url", url());
    config.put("table.name.format", table);
    JdbcSinkTask task = new JdbcSinkTask();
    task.start(config);
    toStop.add(task::stop);
    return task;
  }

  private static SinkRecord record(long offset, Object key, Map<String, Object> value) {
    return new SinkRecord("orders", 0, offset, key, value, List.of(), 0L);
  }

  private static Map<String, Object> order(long id, String item, long qty) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("id", id);
    value.put("item", item);
    value.put("qty", qty);
    return value;
  }

  @Test
  void sinkAutoCreatesTheTableAndInserts() throws SQLException {
    JdbcSinkTask task = sink(Map.of());
    task.put(List.of(record(0, null, order(1, "apple", 3)), record(1, null, order(2, "pear", 5))));

    assertThat(rows("\"id\""))
        .containsExactly(
            Map.of("id", 1L, "item", "apple", "qty", 3L),
            Map.of("id", 2L, "item", "pear", "qty", 5L));
  }

  @Test
  void anUpsertSinkIsIdempotentAndKeepsTheLatestValue() throws SQLException {
    JdbcSinkTask task =
        sink(Map.of("insert.mode", "upsert", "pk.mode", "record_value", "pk.fields", "id"));
    List<SinkRecord> batch =
        List.of(
            record(0, null, order(1, "apple", 3)),
            record(1, null, order(2, "pear", 5)),
            record(2, null, order(1, "apple", 4)));
    task.put(batch);
    task.put(batch); // redelivered after a restart

    assertThat(rows("\"id\""))
        .containsExactly(
            Map.of("id", 1L, "item", "apple", "qty", 4L),
            Map.of("id", 2L, "item", "pear", "qty", 5L));
  }

  @Test
  void anUpsertKeyedByTheRecordKey() throws SQLException {
    JdbcSinkTask task =
        sink(Map.of("insert.mode", "upsert", "pk.mode", "record_key", "pk.fields", "sku"));
    Map<String, Object> v1 = new LinkedHashMap<>(Map.of("price", 10L));
    Map<String, Object> v2 = new LinkedHashMap<>(Map.of("price", 12L));
    task.put(List.of(record(0, "A-1", v1), record(1, "A-1", v2), record(2, "B-2", v1)));

    assertThat(rows("\"sku\""))
        .containsExactly(Map.of("sku", "A-1", "price", 12L), Map.of("sku", "B-2", "price", 10L));
  }

  @Test
  void aFailingBatchWritesNothing() throws SQLException {
    JdbcSinkTask task = sink(Map.of("pk.mode", "record_value", "pk.fields", "id"));
    task.put(List.of(record(0, null, order(1, "apple", 3))));

    // The second row breaks the primary key: the first of the batch must be rolled back too.
    assertThatThrownBy(
            () ->
                task.put(
                    List.of(
                        record(1, null, order(2, "pear", 5)), record(2, null, order(1, "x", 1)))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(table)
        .hasMessageContaining("rolled back");
    assertThat(rows("\"id\"")).containsExactly(Map.of("id", 1L, "item", "apple", "qty", 3L));
  }

  @Test
  void rowsTheDatabaseRejectsAreReportedAndTheOthersWritten() throws SQLException {
    List<SinkRecord> reported = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, String> config = new HashMap<>();
    config.put("connection.url", url());
    config.put("table.name.format", table);
    config.put("pk.mode", "record_value");
    config.put("pk.fields", "id");
    JdbcSinkTask task = new JdbcSinkTask();
    ErrantRecordReporter reporter =
        (record, error) -> {
          reported.add(record);
          errors.add(error.getMessage());
        };
    task.initialize(() -> reporter);
    task.start(config);
    toStop.add(task::stop);
    task.put(List.of(record(0, null, order(1, "apple", 3))));

    // A duplicate primary key and a value that is no row, among good rows.
    task.put(
        List.of(
            record(1, null, order(2, "pear", 5)),
            record(2, null, order(1, "x", 1)),
            new SinkRecord("orders", 0, 3, null, "text", List.of(), 0L),
            record(4, null, order(3, "fig", 7))));
    assertThat(reported).extracting(SinkRecord::offset).containsExactly(3L, 2L);
    assertThat(errors.get(0)).contains("orders-0@3");
    assertThat(errors.get(1)).contains(table);
    assertThat(rows("\"id\""))
        .containsExactly(
            Map.of("id", 1L, "item", "apple", "qty", 3L),
            Map.of("id", 2L, "item", "pear", "qty", 5L),
            Map.of("id", 3L, "item", "fig", "qty", 7L));
  }

  @Test
  void aValueThatIsNotARowIsNamedByItsOffset() {
    JdbcSinkTask task = sink(Map.of());
    assertThatThrownBy(
            () -> task.put(List.of(new SinkRecord("orders", 3, 42, null, "text", List.of(), 0L))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-3@42");
  }

  @Test
  void upsertWithoutAKeyIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> sink(Map.of("insert.mode", "upsert")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'pk.mode'");
  }

  private JdbcSourceTask source(Map<String, Object> storedOffset) {
    JdbcSourceTask task = new JdbcSourceTask();
    task.initialize(partition -> storedOffset);
    task.start(
        Map.of(
            "connection.url", url(),
            "tables", table,
            "incrementing.column.name", "id",
            "topic.prefix", "db-",
            "batch.max.rows", "2",
            "poll.interval.ms", "0"));
    toStop.add(task::stop);
    return task;
  }

  private static List<SourceRecord> drain(JdbcSourceTask task) {
    List<SourceRecord> all = new ArrayList<>();
    List<SourceRecord> batch;
    while (!(batch = task.poll()).isEmpty()) {
      all.addAll(batch);
    }
    return all;
  }

  @Test
  void incrementingSourcePicksUpInsertsAndResumesFromItsOffset() throws SQLException {
    sql("CREATE TABLE \"" + table + "\" (\"id\" INTEGER PRIMARY KEY, \"name\" TEXT)");
    sql("INSERT INTO \"" + table + "\" VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')");
    JdbcSourceTask task = source(null);

    List<SourceRecord> first = drain(task);
    assertThat(first)
        .extracting(r -> (Object) ((Map<?, ?>) r.value()).get("name"))
        .containsExactly("ada", "bob", "cy");
    SourceRecord last = first.get(2);
    assertThat(last.topic()).isEqualTo("db-" + table);
    assertThat(last.sourcePartition()).isEqualTo(Map.of("table", table));
    assertThat(last.sourceOffset()).isEqualTo(Map.of("incrementing", 3L));
    assertThat(last.headers().get(0).key()).isEqualTo("schema");
    assertThat(last.headers().get(0).value()).contains("\"id\"").contains("\"name\"");

    sql("INSERT INTO \"" + table + "\" VALUES (4, 'dee')");
    sql("UPDATE \"" + table + "\" SET \"name\" = 'ADA' WHERE \"id\" = 1"); // incrementing: unseen
    assertThat(drain(task))
        .extracting(r -> (Object) ((Map<?, ?>) r.value()).get("name"))
        .containsExactly("dee");
    task.stop();

    sql("INSERT INTO \"" + table + "\" VALUES (5, 'eve')");
    JdbcSourceTask restarted = source(Map.of("incrementing", 4));
    assertThat(drain(restarted)).extracting(SourceRecord::key).containsExactly(5L);
  }
}
