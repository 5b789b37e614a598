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
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

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

  private JdbcSourceTask source(Map<String, ?> storedOffset) {
    return source(Map.of("tables", table, "incrementing.column.name", "id"), storedOffset);
  }

  /** A source task over {@link #table} with {@code settings}, batches of 2 rows, no poll pause. */
  private JdbcSourceTask source(Map<String, String> settings, Map<String, ?> storedOffset) {
    Map<String, String> config = new HashMap<>();
    config.put("connection.url", url());
    config.put("topic.prefix", "db-");
    config.put("batch.max.rows", "2");
    config.put("poll.interval.ms", "0");
    config.putAll(settings);
    JdbcSourceTask task = new JdbcSourceTask();
    // Stored offsets come back from the offsets topic as JSON: round-trip them the same way.
    Map<String, Object> stored = storedOffset == null ? null : viaJson(storedOffset);
    task.initialize(partition -> stored);
    task.start(config);
    toStop.add(task::stop);
    return task;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> viaJson(Map<String, ?> offset) {
    try {
      return JSON.readValue(JSON.writeValueAsString(offset), Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
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

  private static List<Object> names(List<SourceRecord> records) {
    return records.stream().map(r -> (Object) ((Map<?, ?>) r.value()).get("name")).toList();
  }

  private void createPeople() throws SQLException {
    sql(
        "CREATE TABLE \"" + table + "\" (\"id\" INTEGER PRIMARY KEY, \"name\" TEXT,"
            + " \"created\" TIMESTAMP, \"modified\" TIMESTAMP)");
  }

  private void insert(long id, String name, String created) throws SQLException {
    sql(
        "INSERT INTO \"" + table + "\" (\"id\", \"name\", \"created\") VALUES ("
            + id + ", '" + name + "', '" + created + "')");
  }

  private void modify(long id, String name, String modified) throws SQLException {
    sql(
        "UPDATE \"" + table + "\" SET \"name\" = '" + name + "', \"modified\" = '" + modified
            + "' WHERE \"id\" = " + id);
  }

  private static final String T1 = "2024-03-01 10:00:00";
  private static final String T2 = "2024-03-01 10:00:01";
  private static final String T3 = "2024-03-01 10:00:02";
  private static final String T4 = "2024-03-01 10:00:03";

  @Test
  void timestampSourceSeesInsertsAndUpdatesThroughCoalescedColumns() throws SQLException {
    createPeople();
    insert(1, "ada", T1);
    insert(2, "bob", T2);
    insert(3, "cy", T3);
    JdbcSourceTask task =
        source(
            Map.of("tables", table, "mode", "timestamp", "timestamp.column.name",
                "modified,created"),
            null);

    List<SourceRecord> first = drain(task);
    assertThat(names(first)).containsExactly("ada", "bob", "cy");
    assertThat(first.get(0).key()).isNull();
    assertThat(first.get(2).sourceOffset()).containsKey("timestamp");
    assertThat(first.get(2).headers().get(0).value()).contains("\"modified\"");

    modify(1, "ADA", T4); // an update: modified now wins over created
    insert(4, "dee", T4);
    assertThat(names(drain(task))).containsExactlyInAnyOrder("ADA", "dee");
    assertThat(drain(task)).isEmpty();
  }

  @Test
  void timestampSourceLosesNoRowOfATimestampSplitByABatch() throws SQLException {
    createPeople();
    insert(1, "a", T1);
    insert(2, "b1", T2);
    insert(3, "b2", T2);
    insert(4, "b3", T2);
    insert(5, "c", T3);
    JdbcSourceTask task =
        source(Map.of("tables", table, "mode", "timestamp", "timestamp.column.name", "created"),
            null);

    assertThat(names(drain(task))).containsExactlyInAnyOrder("a", "b1", "b2", "b3", "c");
    // A row that arrives later with the last timestamp copied is still seen, once.
    insert(6, "c2", T3);
    assertThat(names(drain(task))).containsExactly("c2");
    assertThat(drain(task)).isEmpty();
  }

  @Test
  void timestampSourceResumesAtItsStoredTimestamp() throws SQLException {
    createPeople();
    insert(1, "a", T1);
    insert(2, "b", T2);
    insert(3, "c", T3);
    Map<String, String> settings =
        Map.of("tables", table, "mode", "timestamp", "timestamp.column.name", "created");
    List<SourceRecord> first = drain(source(settings, null));
    insert(4, "d", T4);

    // Resumed at b's timestamp: the rows at it are sent again (at least once), then the newer.
    JdbcSourceTask restarted = source(settings, first.get(1).sourceOffset());
    assertThat(names(drain(restarted))).containsExactly("b", "c", "d");
  }

  @Test
  void timestampIncrementingSourceOrdersByTimestampAndIdAndResumesAfterBoth()
      throws SQLException {
    createPeople();
    insert(1, "a", T1);
    insert(2, "b1", T2);
    insert(3, "b2", T2);
    insert(4, "b3", T2);
    insert(5, "c", T3);
    Map<String, String> settings =
        Map.of(
            "tables", table,
            "mode", "timestamp+incrementing",
            "timestamp.column.name", "modified,created",
            "incrementing.column.name", "id");
    JdbcSourceTask task = source(settings, null);

    List<SourceRecord> first = drain(task);
    assertThat(names(first)).containsExactly("a", "b1", "b2", "b3", "c");
    assertThat(first).extracting(SourceRecord::key).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(first.get(3).sourceOffset().get("incrementing")).isEqualTo(4L);

    modify(2, "B1", T4);
    insert(6, "d", T4);
    assertThat(names(drain(task))).containsExactly("B1", "d");
    task.stop();

    // Resumed after (T2, 3): b3 has the same timestamp and a larger id, c is later.
    JdbcSourceTask restarted = source(settings, first.get(2).sourceOffset());
    assertThat(names(drain(restarted))).containsExactly("b3", "c", "B1", "d");
  }

  @Test
  void querySourceAppliesTheModeToTheQueryAndWritesToTheTopicPrefix() throws SQLException {
    createPeople();
    insert(1, "a", T1);
    insert(2, "hidden", T2);
    insert(3, "c", T3);
    JdbcSourceTask task =
        source(
            Map.of(
                "query",
                "SELECT \"id\", \"name\", \"created\" FROM \"" + table
                    + "\" WHERE \"name\" <> 'hidden'",
                "mode", "timestamp+incrementing",
                "timestamp.column.name", "created",
                "incrementing.column.name", "id",
                "topic.prefix", "people"),
            null);

    List<SourceRecord> records = drain(task);
    assertThat(names(records)).containsExactly("a", "c");
    assertThat(records.get(0).topic()).isEqualTo("people");
    assertThat(records.get(0).sourcePartition()).isEqualTo(Map.of("query", "query"));
    assertThat(List.copyOf(((Map<?, ?>) records.get(0).value()).keySet()))
        .isEqualTo(List.of("id", "name", "created"));
    insert(4, "d", T4);
    assertThat(names(drain(task))).containsExactly("d");
  }

  @Test
  void timestampDelayHoldsBackRowsYoungerThanTheDelay() throws SQLException {
    createPeople();
    insert(1, "old", T1);
    sql(
        "INSERT INTO \"" + table + "\" (\"id\", \"name\", \"created\")"
            + " VALUES (2, 'now', CURRENT_TIMESTAMP)");
    JdbcSourceTask task =
        source(
            Map.of(
                "tables", table,
                "mode", "timestamp",
                "timestamp.column.name", "created",
                "timestamp.delay.interval.ms", "3600000"),
            null);

    assertThat(names(drain(task))).containsExactly("old");
  }
}
