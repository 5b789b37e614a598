package io.runnel.bench.streams;

import io.runnel.log.LogServer;
import io.runnel.log.server.ServerConfig;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.state.serde.Serde;
import io.runnel.state.serde.Serdes;
import io.runnel.streams.Consumed;
import io.runnel.streams.Grouped;
import io.runnel.streams.Materialized;
import io.runnel.streams.Produced;
import io.runnel.streams.RunnelStreams;
import io.runnel.streams.StreamsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Time from an instance's restart to processing again, with {@code --keys} keys of state, on
 * Runnel's streams-api and on Apache Kafka Streams 4.4.0 against the same in-process log-server.
 *
 * <p>The app of both engines counts records per key ({@code groupByKey().count()} into a RocksDB
 * store with a changelog) and writes the counts of keys starting with {@code marker} to an output
 * topic. Per engine: the load phase processes {@code --keys} distinct keys and closes cleanly once
 * the group's committed offsets reach the input's end; then the instance is started again with its
 * state directory kept, and once more after deleting it. A restart's time runs from {@code start()}
 * until the count of a marker record, produced right after {@code start()}, is read from the output
 * topic: group join, restore and the first commit included. Both engines run with their defaults
 * (dynamic membership, session timeout 45 s), one stream thread, commit.interval.ms=1000.
 *
 * <p>Usage: {@code StreamsRestart [--keys N] [--partitions N] [--timeout-s S] [--out FILE]}. Exit
 * status 0 when every phase finished, 2 otherwise (the table is written anyway).
 */
public final class StreamsRestart {
  private static final String INPUT = "restart-input";
  private static final String RUNNEL = "runnel";
  private static final String KSTREAMS = "kstreams";

  private int keys = 1_000_000;
  private int partitions = 4;
  private long timeoutSeconds = 300;
  private Path out = Path.of("bench/target/streams-restart.txt");
  private String servers;
  private int markers;

  /** A running instance of one engine's app. */
  private interface Instance {
    Throwable failure();

    /** Records restored from changelogs since start. */
    long restored();

    void close();
  }

  /** One phase's outcome: seconds, records restored, or why it failed. */
  private record Phase(double seconds, long restored, String problem) {
    String show() {
      return problem != null ? "FAILED" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    String describe() {
      return problem != null
          ? problem
          : String.format(Locale.ROOT, "%.2f s, %,d records restored", seconds, restored);
    }
  }

  public static void main(String[] args) throws Exception {
    StreamsRestart bench = new StreamsRestart();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--keys" -> bench.keys = Integer.parseInt(v);
        case "--partitions" -> bench.partitions = Integer.parseInt(v);
        case "--timeout-s" -> bench.timeoutSeconds = Long.parseLong(v);
        case "--out" -> bench.out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.exit(bench.run());
  }

  private int run() throws Exception {
    Path tmp = Files.createTempDirectory("streams-restart");
    List<String> rows = new ArrayList<>();
    boolean ok = true;
    try (LogServer server =
        LogServer.start(
            ServerConfig.of(
                Map.of(
                    "listeners", "PLAINTEXT://127.0.0.1:0",
                    "log.dirs", tmp.resolve("log").toString(),
                    "group.initial.rebalance.delay.ms", "0")))) {
      servers = server.bootstrapServers();
      try (Admin admin = admin()) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(INPUT, partitions, (short) 1),
                    new NewTopic(outputTopic(RUNNEL), partitions, (short) 1),
                    new NewTopic(outputTopic(KSTREAMS), partitions, (short) 1)))
            .all()
            .get();
      }
      produceKeys();
      Phase[][] phases = new Phase[2][];
      phases[0] = measureEngine(RUNNEL, tmp.resolve("state-runnel"));
      phases[1] = measureEngine(KSTREAMS, tmp.resolve("state-kstreams"));
      String[] names = {
        String.format(Locale.ROOT, "load %,d keys", keys),
        "restart, state dir kept",
        "restart, state dir wiped"
      };
      for (int i = 0; i < names.length; i++) {
        Phase runnel = phases[0][i];
        Phase ks = phases[1][i];
        ok &= runnel.problem() == null && ks.problem() == null;
        String ratio =
            runnel.problem() == null && ks.problem() == null
                ? String.format(Locale.ROOT, "%.2f", ks.seconds() / runnel.seconds())
                : "-";
        rows.add(
            String.format(
                Locale.ROOT,
                "%-28s %14s %14s %12s   restored: Kafka Streams %,d, Runnel %,d%s",
                names[i],
                ks.show(),
                runnel.show(),
                ratio,
                ks.restored(),
                runnel.restored(),
                problems(runnel, ks)));
      }
    } finally {
      deleteTree(tmp);
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%nRestart to processing again: Runnel streams-api vs Apache Kafka Streams 4.4.0,"
                + " same in-process log-server%n%,d keys of state (count per key, RocksDB +"
                + " changelog), %d partitions, one stream thread, defaults otherwise%n%n",
            keys,
            partitions));
    table.append(
        String.format(
            Locale.ROOT,
            "%-28s %14s %14s %12s%n",
            "phase",
            "Kafka Streams",
            "Runnel",
            "KStreams/Runnel"));
    for (String row : rows) {
      table.append(row).append('\n');
    }
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
    System.out.println("(written to " + out + ")");
    return ok ? 0 : 2;
  }

  private static String problems(Phase runnel, Phase ks) {
    String s = "";
    if (ks.problem() != null) {
      s += "; Kafka Streams: " + ks.problem();
    }
    if (runnel.problem() != null) {
      s += "; Runnel: " + runnel.problem();
    }
    return s;
  }

  private Phase[] measureEngine(String engine, Path stateDir) throws Exception {
    Phase[] phases = new Phase[3];
    System.out.printf(Locale.ROOT, "%s: loading %,d keys ...%n", engine, keys);
    phases[0] = load(engine, stateDir);
    System.out.printf(Locale.ROOT, "  %s%n", phases[0].describe());
    System.out.printf(Locale.ROOT, "%s: restart with the state directory kept ...%n", engine);
    phases[1] = restart(engine, stateDir);
    System.out.printf(Locale.ROOT, "  %s%n", phases[1].describe());
    deleteTree(stateDir);
    System.out.printf(Locale.ROOT, "%s: restart with the state directory wiped ...%n", engine);
    phases[2] = restart(engine, stateDir);
    System.out.printf(Locale.ROOT, "  %s%n", phases[2].describe());
    return phases;
  }

  private Phase load(String engine, Path stateDir) throws Exception {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    Instance instance = start(engine, stateDir);
    try (Admin admin = admin()) {
      while (committed(admin, applicationId(engine)) < keys) {
        if (instance.failure() != null) {
          return new Phase(0, 0, "failed: " + instance.failure());
        }
        if (System.nanoTime() > deadline) {
          return new Phase(0, 0, "timed out after " + timeoutSeconds + " s");
        }
        Thread.sleep(100);
      }
      return new Phase((System.nanoTime() - start) / 1e9, instance.restored(), null);
    } finally {
      instance.close();
    }
  }

  private Phase restart(String engine, Path stateDir) throws Exception {
    String marker = "marker-" + (++markers);
    try (KafkaConsumer<String, byte[]> output = outputReader(outputTopic(engine))) {
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      Instance instance = start(engine, stateDir);
      try {
        try (KafkaProducer<String, String> producer = producer()) {
          producer.send(new ProducerRecord<>(INPUT, marker, "x")).get();
        }
        while (true) {
          for (ConsumerRecord<String, byte[]> r : output.poll(Duration.ofMillis(50))) {
            if (marker.equals(r.key())) {
              return new Phase((System.nanoTime() - start) / 1e9, instance.restored(), null);
            }
          }
          if (instance.failure() != null) {
            return new Phase(0, instance.restored(), "failed: " + instance.failure());
          }
          if (System.nanoTime() > deadline) {
            return new Phase(
                0, instance.restored(), "timed out after " + timeoutSeconds + " s");
          }
        }
      } finally {
        instance.close();
      }
    }
  }

  private Instance start(String engine, Path stateDir) {
    return engine.equals(RUNNEL) ? startRunnel(stateDir) : startKafkaStreams(stateDir);
  }

  private Instance startRunnel(Path stateDir) {
    Serde<String> s = Serdes.string();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(INPUT, Consumed.with(s, s))
        .groupByKey(Grouped.with(s, s))
        .count(Materialized.<String, Long>as("counts").withValueSerde(Serdes.longs()))
        .toStream()
        .filter((k, v) -> k.startsWith("marker"))
        .to(outputTopic(RUNNEL), Produced.with(s, Serdes.longs()));
    RunnelStreams app =
        new RunnelStreams(
            builder.build(),
            Map.of(
                "application.id", applicationId(RUNNEL),
                "bootstrap.servers", servers,
                "state.dir", stateDir.toString(),
                "commit.interval.ms", "1000"));
    AtomicLong restored = new AtomicLong();
    app.setRestoreListener(
        new RestoreListener() {
          @Override
          public void onRestoreEnd(RestoreProgress progress) {
            restored.addAndGet(progress.restored());
          }
        });
    app.start();
    return new Instance() {
      @Override
      public Throwable failure() {
        if (app.state() != RunnelStreams.State.ERROR) {
          return null;
        }
        return app.failure() != null ? app.failure() : new IllegalStateException("ERROR state");
      }

      @Override
      public long restored() {
        return restored.get();
      }

      @Override
      public void close() {
        app.close(Duration.ofSeconds(60));
      }
    };
  }

  private Instance startKafkaStreams(Path stateDir) {
    org.apache.kafka.common.serialization.Serde<String> s =
        org.apache.kafka.common.serialization.Serdes.String();
    org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
    builder.stream(INPUT, org.apache.kafka.streams.kstream.Consumed.with(s, s))
        .groupByKey(org.apache.kafka.streams.kstream.Grouped.with(s, s))
        .count(
            org.apache.kafka.streams.kstream.Materialized
                .<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
        .toStream()
        .filter((k, v) -> k.startsWith("marker"))
        .to(
            outputTopic(KSTREAMS),
            org.apache.kafka.streams.kstream.Produced.with(
                s, org.apache.kafka.common.serialization.Serdes.Long()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(KSTREAMS));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    KafkaStreams app = new KafkaStreams(builder.build(), props);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong restored = new AtomicLong();
    app.setUncaughtExceptionHandler(
        e -> {
          failure.compareAndSet(null, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    app.setGlobalStateRestoreListener(
        new StateRestoreListener() {
          @Override
          public void onRestoreStart(
              TopicPartition partition, String store, long startOffset, long endOffset) {}

          @Override
          public void onBatchRestored(
              TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

          @Override
          public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            restored.addAndGet(totalRestored);
          }
        });
    app.start();
    Supplier<Throwable> failed =
        () ->
            failure.get() != null
                ? failure.get()
                : app.state() == KafkaStreams.State.ERROR
                    ? new IllegalStateException("ERROR state")
                    : null;
    return new Instance() {
      @Override
      public Throwable failure() {
        return failed.get();
      }

      @Override
      public long restored() {
        return restored.get();
      }

      @Override
      public void close() {
        app.close(Duration.ofSeconds(60));
      }
    };
  }

  private void produceKeys() {
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = producer()) {
      for (int i = 0; i < keys; i++) {
        producer.send(new ProducerRecord<>(INPUT, String.format(Locale.ROOT, "key-%08d", i), "v"));
      }
      producer.flush();
    }
    System.out.printf(
        Locale.ROOT, "produced %,d keys in %.1f s%n", keys, (System.nanoTime() - start) / 1e9);
  }

  /** Sum of the group's committed offsets on the input topic. */
  private long committed(Admin admin, String groupId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
      if (e.getKey().topic().equals(INPUT) && e.getValue() != null) {
        sum += e.getValue().offset();
      }
    }
    return sum;
  }

  private KafkaConsumer<String, byte[]> outputReader(String topic) throws Exception {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", servers),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    consumer.assign(tps);
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      admin.listOffsets(latest).all().get().forEach((tp, info) -> consumer.seek(tp, info.offset()));
    }
    return consumer;
  }

  private KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 65_536),
        new StringSerializer(),
        new StringSerializer());
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
  }

  private static String applicationId(String engine) {
    return "restart-" + engine;
  }

  private static String outputTopic(String engine) {
    return "restart-markers-" + engine;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
