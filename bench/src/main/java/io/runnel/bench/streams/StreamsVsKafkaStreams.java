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
import java.util.concurrent.ExecutionException;
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
 * Runnel's streams-api against Apache Kafka Streams 4.4.0 on the same in-process log-server: the
 * input (lines of space-separated words drawn from a fixed vocabulary, seeded) is produced once
 * with kafka-clients, then each workload runs once per engine, one app at a time, each with its
 * own application.id, state directory and output topic. An app's time runs from its start() until
 * the sum over the latest count per output key equals the number of words in the input; words/s
 * is that number over that time. Both engines: one stream thread, commit.interval.ms=1000,
 * statestore.cache.max.bytes as given (Kafka Streams' default 10 MiB), RocksDB, changelogs on.
 *
 * <p>Usage: {@code StreamsVsKafkaStreams [--lines N] [--words-per-line N] [--distinct N]
 * [--partitions N] [--cache-bytes B] [--only wordcount|windowed] [--timeout-s S] [--out FILE]}. Exit status 0 when
 * every run finished, 2 when one failed or timed out (the table is written anyway).
 */
public final class StreamsVsKafkaStreams {
  private int lines = 500_000;
  private int wordsPerLine = 10;
  private int distinct = 10_000;
  private int partitions = 4;
  private long cacheBytes = 10L << 20;
  private long timeoutSeconds = 600;
  private String only = "";
  private Path out = Path.of("bench/target/streams-vs-kafka-streams.txt");

  /** One app's run: seconds to the full count, or why it did not get there. */
  private record Run(double seconds, String problem, long outputRecords, String check) {
    boolean ok() {
      return problem == null;
    }
  }

  public static void main(String[] args) throws Exception {
    StreamsVsKafkaStreams bench = new StreamsVsKafkaStreams();
    bench.parse(args);
    int status = bench.run();
    System.exit(status);
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
        case "--cache-bytes" -> cacheBytes = Long.parseLong(v);
        case "--timeout-s" -> timeoutSeconds = Long.parseLong(v);
        case "--only" -> only = v;
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
  }

  private int run() throws Exception {
    Path tmp = Files.createTempDirectory("streams-vs-kafka-streams");
    List<Workload> workloads = new ArrayList<>();
    for (Workload w : Workload.values()) {
      if (only.isEmpty()
          || (only.equals("wordcount") && w == Workload.WORD_COUNT)
          || (only.equals("windowed") && w == Workload.WINDOWED_COUNT)) {
        workloads.add(w);
      }
    }
    Map<Workload, Run[]> results = new HashMap<>();
    try (LogServer server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", tmp.resolve("log").toString(),
                    "group.initial.rebalance.delay.ms", "0")))) {
      String servers = server.bootstrapServers();
      createTopics(servers, workloads);
      Map<String, Long> expected = produceInput(servers);
      for (Workload w : workloads) {
        Run runnel = measure(w, RunnelStreamsApp.ENGINE, servers, tmp, expected);
        Run kstreams = measure(w, KafkaStreamsApp.ENGINE, servers, tmp, expected);
        results.put(w, new Run[] {runnel, kstreams});
      }
    } finally {
      deleteTree(tmp);
    }
    String table = table(workloads, results);
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
    System.out.println("(written to " + out + ")");
    boolean allOk =
        results.values().stream().flatMap(Stream::of).allMatch(Run::ok);
    return allOk ? 0 : 2;
  }

  private void createTopics(String servers, List<Workload> workloads)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      List<NewTopic> topics = new ArrayList<>();
      topics.add(new NewTopic(Workload.INPUT_TOPIC, partitions, (short) 1));
      for (Workload w : workloads) {
        topics.add(new NewTopic(w.outputTopic(RunnelStreamsApp.ENGINE), partitions, (short) 1));
        topics.add(new NewTopic(w.outputTopic(KafkaStreamsApp.ENGINE), partitions, (short) 1));
        topics.addAll(KafkaStreamsApp.internalTopics(w, partitions));
      }
      admin.createTopics(topics).all().get();
    }
  }

  /**
   * Produces the input with the default partitioner (keys "line-i"), timestamps one millisecond
   * apart ending about now, and returns the expected count per word.
   */
  private Map<String, Long> produceInput(String servers) {
    String[] vocabulary = new String[distinct];
    for (int i = 0; i < distinct; i++) {
      vocabulary[i] = "w" + i;
    }
    Map<String, Long> expected = new HashMap<>();
    Random random = new Random(42);
    long base = System.currentTimeMillis() - lines - 60_000;
    long start = System.nanoTime();
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
          String word = vocabulary[random.nextInt(distinct)];
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
    System.out.printf(
        Locale.ROOT,
        "produced %,d lines (%,d words, %,d distinct) in %.1f s%n",
        lines,
        (long) lines * wordsPerLine,
        expected.size(),
        (System.nanoTime() - start) / 1e9);
    return expected;
  }

  private Run measure(
      Workload workload, String engine, String servers, Path tmp, Map<String, Long> expected) {
    long target = (long) lines * wordsPerLine;
    Path stateDir = tmp.resolve("state-" + workload.outputTopic(engine));
    System.out.printf(Locale.ROOT, "%s on %s ...%n", workload.title, engine);
    try (OutputTally tally = new OutputTally(servers, workload.outputTopic(engine), partitions)) {
      StreamsApp app =
          engine.equals(RunnelStreamsApp.ENGINE)
              ? new RunnelStreamsApp(workload, servers, stateDir, cacheBytes)
              : new KafkaStreamsApp(workload, servers, stateDir, cacheBytes);
      long start = System.nanoTime();
      boolean done;
      try {
        app.start();
        done =
            tally.awaitSum(
                target, start + TimeUnit.SECONDS.toNanos(timeoutSeconds), app::failure);
      } catch (RuntimeException e) {
        app.close();
        return new Run(0, "failed at start: " + e, tally.records(), "-");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Throwable failure = app.failure();
      app.close();
      if (!done) {
        String why =
            failure != null
                ? "failed: " + failure
                : String.format(Locale.ROOT, "timed out after %d s", timeoutSeconds);
        if (failure != null) {
          failure.printStackTrace();
        }
        return new Run(
            seconds,
            String.format(Locale.ROOT, "%s (counted %,d of %,d words)", why, tally.sum(), target),
            tally.records(),
            "-");
      }
      String check =
          workload == Workload.WORD_COUNT
              ? (tally.countsByStringKey().equals(expected) ? "exact" : "WRONG per-word counts")
              : "sum";
      System.out.printf(
          Locale.ROOT,
          "  %.2f s, %,.0f words/s, %,d output records%n",
          seconds,
          target / seconds,
          tally.records());
      return new Run(seconds, null, tally.records(), check);
    }
  }

  private String table(List<Workload> workloads, Map<Workload, Run[]> results) {
    long words = (long) lines * wordsPerLine;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nRunnel streams-api vs Apache Kafka Streams 4.4.0, same in-process log-server%n"
                + "%,d lines x %d words (%,d words, %,d distinct), %d partitions; one stream thread,"
                + " commit.interval.ms=1000, statestore.cache.max.bytes=%,d, RocksDB + changelogs%n%n",
            lines,
            wordsPerLine,
            words,
            distinct,
            partitions,
            cacheBytes));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-30s %16s %16s %14s%n",
            "workload",
            "Kafka Streams",
            "Runnel",
            "Runnel/KStreams"));
    sb.append(
        String.format(
            Locale.ROOT, "%-30s %16s %16s %14s%n", "", "(words/s)", "(words/s)", "(target >=1.0)"));
    List<String> notes = new ArrayList<>();
    for (Workload w : workloads) {
      Run runnel = results.get(w)[0];
      Run ks = results.get(w)[1];
      String ratio =
          runnel.ok() && ks.ok()
              ? String.format(Locale.ROOT, "%.2f", ks.seconds() / runnel.seconds())
              : "-";
      sb.append(
          String.format(
              Locale.ROOT,
              "%-30s %16s %16s %14s%n",
              w.title,
              rate(ks, words),
              rate(runnel, words),
              ratio));
      notes.add(detail(w, "Kafka Streams", ks));
      notes.add(detail(w, "Runnel", runnel));
    }
    sb.append('\n');
    for (String n : notes) {
      sb.append(n).append('\n');
    }
    return sb.toString();
  }

  private static String rate(Run run, long words) {
    return run.ok() ? String.format(Locale.ROOT, "%,.0f", words / run.seconds()) : "FAILED";
  }

  private static String detail(Workload w, String engine, Run run) {
    return run.ok()
        ? String.format(
            Locale.ROOT,
            "  %s, %s: %.2f s to the full count, %,d output records read, counts %s",
            w.title,
            engine,
            run.seconds(),
            run.outputRecords(),
            run.check())
        : String.format(Locale.ROOT, "  %s, %s: %s", w.title, engine, run.problem());
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
