package io.runnel.bench.connect;

import io.runnel.connect.StandaloneWorker;
import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Connector throughput against a plain client doing the same work, in the same run:
 *
 * <ol>
 *   <li><b>file-source</b>: a file of {@code --lines} lines of {@code --line-bytes} bytes (newline
 *       included) shipped into a one-partition topic of an in-process log-server, timed from the
 *       worker's start until the topic's end offset (high watermark: every record acknowledged)
 *       reaches the line count. Reference: a kafka-clients producer with the worker's producer
 *       settings (acks=all, linger.ms=5, idempotent) reading the same file line by line and
 *       sending the same key (the file's path) and value (the line) to another one-partition
 *       topic, timed from opening the file until that topic's end offset reaches the count.
 *   <li><b>jdbc-sink</b>: {@code --rows} JSON rows (id, name, qty, price, note) produced to a topic
 *       first (not timed), then written by jdbc-sink ({@code insert.mode=insert}) into a PostgreSQL
 *       table, timed from the worker's start until {@code count(*)} reaches the row count.
 *       Reference: plain JDBC, the same rows bound to one PreparedStatement, {@code
 *       executeBatch} and commit every 500 rows (the sink's batch: one consumer poll), into a
 *       table of the same shape (all created up front with the same DDL), with pgjdbc's defaults;
 *       and once more with {@code reWriteBatchedInserts=true}, which jdbc-sink sets in insert mode,
 *       so both comparisons are shown.
 * </ol>
 *
 * <p>Each round runs both pairs once, reference first; the table shows the median over {@code
 * --rounds} rounds (default 3) of each side's time.
 *
 * <p>Usage: {@code ConnectorsBench --pg-url URL [--lines N] [--line-bytes N] [--rows N] [--rounds
 * N] [--out FILE] [--timeout-s S]}. Exit status 0 when every run reached its count and the checks held, 2
 * otherwise (the table is written anyway).
 */
public final class ConnectorsBench {
  private static final int JDBC_BATCH = 500;
  private int lines = 1_000_000;
  private int lineBytes = 200;
  private int rows = 500_000;
  private int rounds = 3;
  private String pgUrl;
  private long timeoutSeconds = 120;
  private Path out = Path.of("bench/target/connectors.txt");
  private final List<String> problems = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    ConnectorsBench bench = new ConnectorsBench();
    bench.parse(args);
    System.exit(bench.run());
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--lines" -> lines = Integer.parseInt(v);
        case "--line-bytes" -> lineBytes = Integer.parseInt(v);
        case "--rows" -> rows = Integer.parseInt(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--pg-url" -> pgUrl = v;
        case "--timeout-s" -> timeoutSeconds = Long.parseLong(v);
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (pgUrl == null) {
      throw new IllegalArgumentException("--pg-url is required (bench/connectors.sh sets it)");
    }
  }

  private int run() throws Exception {
    Path tmp = Files.createTempDirectory("connectors-bench");
    double[][] fileRounds = new double[2][rounds];
    double[][] jdbcRounds = new double[3][rounds];
    try (LogServer server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", tmp.resolve("log").toString(),
                    "group.initial.rebalance.delay.ms", "0")))) {
      String servers = server.bootstrapServers();
      Path dir = Files.createDirectories(tmp.resolve("files"));
      Path logFile = writeLines(dir.resolve("app.log"));
      createTopics(servers, "rows");
      produceRows(servers, "rows");
      for (int round = 0; round < rounds; round++) {
        System.out.printf(Locale.ROOT, "round %d of %d%n", round + 1, rounds);
        String ref = "fs-reference-" + round;
        String runnel = "fs-runnel-" + round;
        createTopics(servers, ref, runnel);
        fileRounds[0][round] = producerReference(servers, logFile, ref);
        fileRounds[1][round] = fileSource(servers, dir, runnel, round);
        double[] jdbcRound = jdbcRound(servers, round);
        for (int i = 0; i < 3; i++) {
          jdbcRounds[i][round] = jdbcRound[i];
        }
      }
    } finally {
      deleteTree(tmp);
    }
    String table = table(fileRounds, jdbcRounds);
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
    System.out.println("(written to " + out + ")");
    problems.forEach(p -> System.out.println("PROBLEM: " + p));
    System.out.printf(
        Locale.ROOT,
        "(load average at the end: %.1f on %d cores)%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    return problems.isEmpty() ? 0 : 2;
  }

  /** One round of jdbc: seconds of the plain reference, the sink and the rewrite reference. */
  private double[] jdbcRound(String servers, int round) throws SQLException {
    String suffix = Long.toHexString(System.nanoTime());
    String refTable = "bench_jdbc_" + suffix;
    String rewriteTable = "bench_jdbc_rewrite_" + suffix;
    String sinkTable = "bench_sink_" + suffix;
    try {
      createTable(refTable);
      createTable(rewriteTable);
      createTable(sinkTable);
      double jdbcReference = jdbcReference(refTable, false);
      double sink = jdbcSink(servers, "rows", sinkTable, round);
      double rewriteReference = jdbcReference(rewriteTable, true);
      String a = checksum(refTable);
      for (String other : List.of(rewriteTable, sinkTable)) {
        String b = checksum(other);
        if (!a.equals(b)) {
          problems.add("tables differ: reference " + a + ", " + other + " " + b);
        }
      }
      return new double[] {jdbcReference, sink, rewriteReference};
    } finally {
      for (String t : List.of(refTable, rewriteTable, sinkTable)) {
        sql("DROP TABLE IF EXISTS \"" + t + "\"");
      }
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static void createTopics(String servers, String... topics)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      List<NewTopic> specs = new ArrayList<>();
      for (String topic : topics) {
        specs.add(new NewTopic(topic, 1, (short) 1));
      }
      admin.createTopics(specs).all().get();
    }
  }

  /** Lines of lineBytes bytes each (newline included): a counter and printable filler. */
  private Path writeLines(Path file) throws IOException {
    Random random = new Random(42);
    char[] filler = new char[lineBytes - 1];
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < lines; i++) {
        String head = "2026-11-25T12:00:00.000Z INFO request " + i + " ";
        for (int j = 0; j < filler.length; j++) {
          filler[j] = j < head.length() ? head.charAt(j) : (char) ('a' + random.nextInt(26));
        }
        writer.write(filler);
        writer.write('\n');
      }
    }
    System.out.printf(
        Locale.ROOT, "wrote %,d lines of %d bytes (%,d MB)%n",
        lines, lineBytes, Files.size(file) >> 20);
    return file;
  }

  private double producerReference(String servers, Path file, String topic) throws IOException {
    System.out.println("file: kafka-clients producer ...");
    long start = System.nanoTime();
    String key = file.toAbsolutePath().toString();
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(),
                new StringSerializer());
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        producer.send(new ProducerRecord<>(topic, key, line));
      }
      producer.flush();
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
      return awaitCount("reference topic " + topic, start, endOffset(consumer, topic), lines);
    }
  }

  private double fileSource(String servers, Path dir, String topic, int round) {
    System.out.println("file: Runnel file-source ...");
    long start = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers);
        StandaloneWorker worker =
            new StandaloneWorker(
                Map.of(
                    "log.backend", "kafka",
                    "bootstrap.servers", servers,
                    "group.id", "bench-file-" + round))) {
      worker.startConnector(
          Map.of(
              "name", "bench-file-source-" + round,
              "connector.class", "file-source",
              "file.glob", dir.resolve("*.log").toString(),
              "topic", topic));
      return awaitCount("file-source topic " + topic, start, endOffset(consumer, topic), lines);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
    return new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** The end offset (high watermark) of partition 0 of {@code topic}, asked afresh each call. */
  private static LongSupplier endOffset(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    TopicPartition partition = new TopicPartition(topic, 0);
    return () -> consumer.endOffsets(List.of(partition)).get(partition);
  }

  /** Seconds from {@code start} until {@code count} reaches {@code target}; NaN on timeout. */
  private double awaitCount(String what, long start, LongSupplier count, long target) {
    long deadline = start + timeoutSeconds * 1_000_000_000L;
    long seen;
    while ((seen = count.getAsLong()) < target) {
      if (System.nanoTime() > deadline) {
        problems.add(what + ": " + seen + " of " + target + " after " + timeoutSeconds + " s");
        return Double.NaN;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Double.NaN;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (seen != target) {
      problems.add(what + ": " + seen + " records, expected " + target);
    }
    System.out.printf(Locale.ROOT, "  %,d in %.2f s%n", seen, seconds);
    return seconds;
  }

  private static final String COLUMNS = "\"id\", \"name\", \"qty\", \"price\", \"note\"";

  /** The same row values the JSON records carry. */
  private static Object[] row(int i) {
    return new Object[] {
      (long) i,
      "customer-" + (i % 10_000),
      (long) (i % 97),
      (i % 1000) / 10.0,
      "order " + i + " shipped by standard parcel, tracking code TRK" + (i * 7919L)
    };
  }

  private void produceRows(String servers, String topic) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.LINGER_MS_CONFIG, "5"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < rows; i++) {
        Object[] r = row(i);
        String json =
            String.format(
                Locale.ROOT,
                "{\"id\":%d,\"name\":\"%s\",\"qty\":%d,\"price\":%s,\"note\":\"%s\"}",
                r[0], r[1], r[2], Double.toString((Double) r[3]), r[4]);
        producer.send(new ProducerRecord<>(topic, null, json));
      }
      producer.flush();
    }
    System.out.printf(Locale.ROOT, "produced %,d JSON rows to '%s'%n", rows, topic);
  }

  private void createTable(String table) throws SQLException {
    sql(
        "CREATE TABLE \"" + table + "\" (\"id\" BIGINT PRIMARY KEY, \"name\" TEXT, \"qty\" BIGINT,"
            + " \"price\" DOUBLE PRECISION, \"note\" TEXT)");
  }

  private double jdbcReference(String table, boolean rewrite) throws SQLException {
    System.out.println(
        "jdbc: plain JDBC batch insert" + (rewrite ? " with reWriteBatchedInserts=true" : "") + " ...");
    String url = rewrite ? pgUrl + (pgUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : pgUrl;
    long start = System.nanoTime();
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO \"" + table + "\" (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
      connection.setAutoCommit(false);
      for (int i = 0; i < rows; i++) {
        Object[] r = row(i);
        insert.setLong(1, (Long) r[0]);
        insert.setString(2, (String) r[1]);
        insert.setLong(3, (Long) r[2]);
        insert.setDouble(4, (Double) r[3]);
        insert.setString(5, (String) r[4]);
        insert.addBatch();
        if ((i + 1) % JDBC_BATCH == 0 || i == rows - 1) {
          insert.executeBatch();
          connection.commit();
        }
      }
    }
    return awaitCount("reference table " + table, start, rowCount(table), rows);
  }

  private double jdbcSink(String servers, String topic, String table, int round) {
    System.out.println("jdbc: Runnel jdbc-sink ...");
    long start = System.nanoTime();
    try (StandaloneWorker worker =
        new StandaloneWorker(
            Map.of(
                "log.backend", "kafka",
                "bootstrap.servers", servers,
                "group.id", "bench-jdbc-" + round,
                "value.converter", "json"))) {
      worker.startConnector(
          Map.of(
              "name", "bench-jdbc-sink-" + round,
              "connector.class", "jdbc-sink",
              "topics", topic,
              "connection.url", pgUrl,
              "table.name.format", table,
              "insert.mode", "insert",
              "auto.create", "false"));
      // The sink writes the one partition in order, a transaction per batch: once the last row is
      // there, all are. Probing the primary key costs the server next to nothing, unlike count(*).
      try (Connection probe = DriverManager.getConnection(pgUrl);
          PreparedStatement last =
              probe.prepareStatement("SELECT 1 FROM \"" + table + "\" WHERE \"id\" = ?")) {
        last.setLong(1, 0);
        double[] firstRowAt = {Double.NaN};
        LongSupplier lastRowThere =
            () -> {
              try (ResultSet rs = last.executeQuery()) {
                if (!rs.next()) {
                  return 0;
                }
                if (Double.isNaN(firstRowAt[0])) {
                  firstRowAt[0] = (System.nanoTime() - start) / 1e9;
                  last.setLong(1, rows - 1);
                  return 0;
                }
                return rows;
              } catch (SQLException e) {
                throw new IllegalStateException("cannot look for the last row in " + table, e);
              }
            };
        double seconds = awaitCount("jdbc-sink table " + table, start, lastRowThere, rows);
        System.out.printf(Locale.ROOT, "  (the first row after %.2f s)%n", firstRowAt[0]);
        long count = rowCount(table).getAsLong();
        if (count != rows) {
          problems.add("jdbc-sink table " + table + ": " + count + " rows, expected " + rows);
        }
        return seconds;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot probe table " + table, e);
    }
  }

  private LongSupplier rowCount(String table) {
    return () -> {
      try (Connection c = DriverManager.getConnection(pgUrl);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot count the rows of " + table, e);
      }
    };
  }

  private String checksum(String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(pgUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), sum(\"id\"), sum(\"qty\"), sum(\"price\"),"
                    + " sum(length(\"name\") + length(\"note\")) FROM \"" + table + "\"")) {
      rs.next();
      return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3) + "/"
          + Math.round(rs.getDouble(4) * 10) + "/" + rs.getLong(5);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(pgUrl);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /**
   * The table: per side the median rate over the rounds, and the median over the rounds of
   * Runnel/reference measured in the same round (sides of one round run back to back, so they
   * share the machine's load more than medians taken apart do), then each round's ratio.
   */
  private String table(double[][] file, double[][] jdbc) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT,
        "%nmedians of %d rounds; ratio = median of the rounds' Runnel/reference (each round's)%n"
            + "| | reference | Runnel | Runnel/reference | target |%n"
            + "| --- | --- | --- | --- | --- |%n", rounds));
    row(t, String.format(Locale.ROOT, "file-source, %,d lines of %d B into log-server",
            lines, lineBytes),
        "lines/s (kafka-clients producer)", lines, file[0], file[1], "");
    row(t, String.format(Locale.ROOT, "jdbc-sink, %,d rows into PostgreSQL", rows),
        "rows/s (JDBC batch insert, " + JDBC_BATCH + " per commit)", rows, jdbc[0], jdbc[1],
        ">= 0.7");
    row(t, "jdbc-sink against the same with reWriteBatchedInserts=true (as the sink)",
        "rows/s", rows, jdbc[2], jdbc[1], "");
    return t.toString();
  }

  private void row(StringBuilder t, String what, String unit, long count,
      double[] referenceSeconds, double[] runnelSeconds, String target) {
    double[] ratios = new double[rounds];
    StringBuilder each = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      ratios[r] = referenceSeconds[r] / runnelSeconds[r];
      each.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ratios[r]));
    }
    t.append(String.format(Locale.ROOT, "| %s | %,.0f %s | %,.0f %s | %.2f (%s) | %s |%n",
        what, count / median(referenceSeconds), unit, count / median(runnelSeconds),
        unit.substring(0, unit.indexOf('/') + 2), median(ratios), each, target));
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
