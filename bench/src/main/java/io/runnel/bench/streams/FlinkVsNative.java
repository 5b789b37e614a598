package io.runnel.bench.streams;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Word count on the native runtime (RunnelStreams, kafka backend, one stream thread, RocksDB and
 * changelogs) against the same topology on Flink through flink-bridge (a local MiniCluster,
 * parallelism 2), over the same input on one in-process log-server. An app's time runs from its
 * start until the sum of the latest counts in its output topic equals the number of input words;
 * words/s is that number over that time (for Flink the MiniCluster's start and job submission are
 * included, for the native runtime the group join).
 *
 * <p>Usage: {@code FlinkVsNative [--lines N] [--words-per-line N] [--distinct N] [--partitions N]
 * [--parallelism N] [--timeout-s S] [--out FILE]}. Exit status 0 when both runs finished with exact
 * per-word counts, 2 otherwise (the table is written anyway).
 */
public final class FlinkVsNative {
  private int lines = 200_000;
  private int wordsPerLine = 10;
  private int distinct = 10_000;
  private int partitions = 4;
  private int parallelism = 2;
  private long timeoutSeconds = 600;
  private Path out = Path.of("bench/target/flink-vs-native.txt");

  private record Run(double seconds, String problem, long outputRecords, boolean exact) {}

  public static void main(String[] args) throws Exception {
    FlinkVsNative bench = new FlinkVsNative();
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
        case "--words-per-line" -> wordsPerLine = Integer.parseInt(v);
        case "--distinct" -> distinct = Integer.parseInt(v);
        case "--partitions" -> partitions = Integer.parseInt(v);
        case "--parallelism" -> parallelism = Integer.parseInt(v);
        case "--timeout-s" -> timeoutSeconds = Long.parseLong(v);
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
  }

  private int run() throws Exception {
    Path tmp = Files.createTempDirectory("flink-vs-native");
    Run nativeRun;
    Run flinkRun;
    try (LogServer server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", tmp.resolve("log").toString(),
                    "group.initial.rebalance.delay.ms", "0")))) {
      String servers = server.bootstrapServers();
      Workload w = Workload.WORD_COUNT;
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(Workload.INPUT_TOPIC, partitions, (short) 1),
                    new NewTopic(w.outputTopic(RunnelStreamsApp.ENGINE), partitions, (short) 1),
                    new NewTopic(w.outputTopic(FlinkBridgeApp.ENGINE), partitions, (short) 1)))
            .all()
            .get();
      }
      Map<String, Long> expected = produceInput(servers);
      nativeRun =
          measure(
              "native",
              new RunnelStreamsApp(w, servers, tmp.resolve("state"), 10L << 20),
              servers,
              w.outputTopic(RunnelStreamsApp.ENGINE),
              expected);
      flinkRun =
          measure(
              "flink",
              new FlinkBridgeApp(w, servers, parallelism),
              servers,
              w.outputTopic(FlinkBridgeApp.ENGINE),
              expected);
    } finally {
      deleteTree(tmp);
    }
    String table = table(nativeRun, flinkRun);
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
    System.out.println("(written to " + out + ")");
    return nativeRun.problem() == null
            && flinkRun.problem() == null
            && nativeRun.exact()
            && flinkRun.exact()
        ? 0
        : 2;
  }

  private Map<String, Long> produceInput(String servers) {
    Map<String, Long> expected = new HashMap<>();
    Random random = new Random(42);
    long base = System.currentTimeMillis() - lines - 60_000;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65_536),
            new StringSerializer(),
            new StringSerializer())) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < lines; i++) {
        line.setLength(0);
        for (int j = 0; j < wordsPerLine; j++) {
          String word = "w" + random.nextInt(distinct);
          expected.merge(word, 1L, Long::sum);
          if (j > 0) {
            line.append(' ');
          }
          line.append(word);
        }
        producer.send(
            new ProducerRecord<>(
                Workload.INPUT_TOPIC, null, base + i, "line-" + i, line.toString()));
      }
      producer.flush();
    }
    return expected;
  }

  private Run measure(
      String engine, StreamsApp app, String servers, String topic, Map<String, Long> expected) {
    long target = (long) lines * wordsPerLine;
    System.out.printf(Locale.ROOT, "word count on %s ...%n", engine);
    try (OutputTally tally = new OutputTally(servers, topic, partitions)) {
      long start = System.nanoTime();
      boolean done;
      try {
        app.start();
        done =
            tally.awaitSum(target, start + TimeUnit.SECONDS.toNanos(timeoutSeconds), app::failure);
      } catch (RuntimeException e) {
        app.close();
        return new Run(0, "failed at start: " + e, tally.records(), false);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Throwable failure = done ? null : app.failure();
      app.close();
      if (!done) {
        return new Run(
            seconds,
            (failure != null ? "failed: " + failure : "timed out")
                + String.format(Locale.ROOT, " (counted %,d of %,d words)", tally.sum(), target),
            tally.records(),
            false);
      }
      boolean exact = tally.countsByStringKey().equals(expected);
      System.out.printf(
          Locale.ROOT,
          "  %.2f s, %,.0f words/s, %,d output records, counts %s%n",
          seconds,
          target / seconds,
          tally.records(),
          exact ? "exact" : "WRONG");
      return new Run(seconds, null, tally.records(), exact);
    }
  }

  private String table(Run nativeRun, Run flinkRun) {
    long words = (long) lines * wordsPerLine;
    List<String> rows = new ArrayList<>();
    rows.add(
        String.format(
            Locale.ROOT,
            "%nWord count: native runtime (RunnelStreams, 1 stream thread) vs flink-bridge (local"
                + " MiniCluster, parallelism %d)%nsame in-process log-server; %,d lines x %d words"
                + " (%,d words, %,d distinct), %d partitions%n",
            parallelism,
            lines,
            wordsPerLine,
            words,
            distinct,
            partitions));
    rows.add(
        String.format(
            Locale.ROOT,
            "%-10s %14s %10s %16s %8s",
            "engine",
            "words/s",
            "seconds",
            "output records",
            "counts"));
    for (Object[] r : new Object[][] {{"native", nativeRun}, {"flink", flinkRun}}) {
      Run run = (Run) r[1];
      rows.add(
          run.problem() == null
              ? String.format(
                  Locale.ROOT,
                  "%-10s %,14.0f %10.2f %,16d %8s",
                  r[0],
                  words / run.seconds(),
                  run.seconds(),
                  run.outputRecords(),
                  run.exact() ? "exact" : "WRONG")
              : String.format(Locale.ROOT, "%-10s FAILED: %s", r[0], run.problem()));
    }
    if (nativeRun.problem() == null && flinkRun.problem() == null) {
      rows.add(
          String.format(
              Locale.ROOT,
              "flink/native (words/s): %.2f",
              nativeRun.seconds() / flinkRun.seconds()));
    }
    return String.join("\n", rows) + "\n";
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
