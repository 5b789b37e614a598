package io.runnel.streams;

import static io.runnel.streams.RestartTest.await;
import static io.runnel.streams.ScaleOutApp.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.log.LogServer;
import io.runnel.state.KeyValue;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.RestoreProgress;
import io.runnel.streams.log.KeyPartitioner;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.TestLogServer;
import io.runnel.streams.log.TopicSpec;
import io.runnel.streams.query.HostInfo;
import io.runnel.streams.query.InvalidStateStoreException;
import io.runnel.streams.query.StreamsMetadata;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of {@link ScaleOutApp} on a real log-server (kafka backend): one in this JVM, one
 * in a child JVM killed with SIGKILL (nothing committed or flushed on the way out). The survivor
 * takes the dead instance's tasks, restores them from the changelogs and ends with exact counts
 * (replayed lines are absorbed by the line-id sets). With static membership, a killed instance
 * restarted at once rejoins as itself long before its session timeout; a clean restart restores
 * nothing, and one after deleting the state directory restores its tasks in full.
 */
class ScaleOutIT {
  private static final HostInfo ONE = new HostInfo("localhost", 7001);
  private static final HostInfo TWO = new HostInfo("localhost", 7002);

  /** Where each child JVM's output is kept (the module's target directory under Maven). */
  private static final Path CHILD_LOGS = Path.of("target", "scale-out-it");

  @TempDir Path tmp;
  private String testName;
  private final List<Process> children = new ArrayList<>();
  private final List<Path> childLogs = new ArrayList<>();
  private final List<RunnelStreams> apps = new ArrayList<>();
  private String servers;
  private int nextLine;

  @BeforeEach
  void name(TestInfo info) {
    testName = info.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    apps.forEach(app -> app.close(Duration.ofSeconds(30)));
  }

  /**
   * A child JVM running ScaleOutApp; its latest state line is kept, and its whole output goes to
   * {@code target/scale-out-it/<test>-child-<n>.log} for a failure's post-mortem.
   */
  private AtomicReference<String> child(String stateDir, HostInfo server, String instanceId, String sessionMs)
      throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java, "-Xmx256m", "-cp", classpath, ScaleOutApp.class.getName(), servers,
                stateDir, server.toString(), instanceId, sessionMs)
            .redirectErrorStream(true)
            .start();
    children.add(process);
    Files.createDirectories(CHILD_LOGS);
    Path logFile = CHILD_LOGS.resolve(testName + "-child-" + children.size() + ".log");
    childLogs.add(logFile);
    BufferedWriter childLog = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    AtomicReference<String> state = new AtomicReference<>("CREATED");
    Thread reader =
        new Thread(
            () -> {
              try (childLog;
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  childLog.write(line);
                  childLog.newLine();
                  childLog.flush();
                  if (line.startsWith("state ")) {
                    state.set(line.substring(6));
                  }
                }
              } catch (IOException e) {
                // the stream ends with the process
              }
            },
            "child-" + children.size() + "-output");
    reader.setDaemon(true);
    reader.start();
    return state;
  }

  private static void kill(Process process) throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private RunnelStreams local(String stateDir, String instanceId, String sessionMs, RestoreListener r) {
    return local(stateDir, instanceId, sessionMs, r, 1);
  }

  private RunnelStreams local(
      String stateDir, String instanceId, String sessionMs, RestoreListener r, int threads) {
    Map<String, String> config =
        new HashMap<>(ScaleOutApp.config(servers, stateDir, ONE.toString(), instanceId, sessionMs));
    config.put("num.stream.threads", Integer.toString(threads));
    RunnelStreams app = new RunnelStreams(ScaleOutApp.topology(), config);
    app.setRestoreListener(r);
    apps.add(app);
    app.start();
    return app;
  }

  /** Lines of 6 words from a 40-word vocabulary, seeded. */
  private List<String> lines(Random random, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder();
      for (int w = 0; w < 6; w++) {
        line.append(" w").append(random.nextInt(40));
      }
      out.add(line.toString().trim());
    }
    return out;
  }

  /** Sends lines keyed line-N with kafka-clients' default partitioner. */
  private void produce(List<String> lines, Map<String, Set<String>> sets) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
            new StringSerializer(),
            new StringSerializer())) {
      for (String line : lines) {
        String id = "line-" + nextLine++;
        producer.send(new ProducerRecord<>("lines", id, line));
        for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
          sets.computeIfAbsent(word, w -> new HashSet<>()).add(id);
        }
      }
    }
  }

  private static Map<String, Long> counts(Map<String, Set<String>> sets) {
    Map<String, Long> out = new HashMap<>();
    sets.forEach((word, ids) -> out.put(word, (long) ids.size()));
    return out;
  }

  private KafkaConsumer<String, Long> outputReader() {
    KafkaConsumer<String, Long> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new LongDeserializer());
    consumer.subscribe(List.of("word-counts"));
    return consumer;
  }

  /**
   * Reads the output until the latest count of every word is {@code expected}, for up to 90 s; on
   * failure the message names the words that differ and describes {@code survivor} and the log.
   */
  private void readUntil(
      KafkaConsumer<String, Long> consumer,
      Map<String, Long> latest,
      Map<String, Long> expected,
      RunnelStreams survivor) {
    long deadline = System.currentTimeMillis() + 90_000;
    while (!latest.equals(expected) && System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
        latest.put(r.key(), r.value());
      }
    }
    if (!latest.equals(expected)) {
      Set<String> differing = new TreeSet<>(expected.keySet());
      differing.addAll(latest.keySet());
      differing.removeIf(word -> Objects.equals(expected.get(word), latest.get(word)));
      throw new AssertionError(
          "word counts read from 'word-counts' differ after 90 s: "
              + differences(differing, expected, latest)
              + "\n"
              + postMortem(consumer, survivor, differing));
    }
  }

  /** The words whose count differs, with their task (murmur2 partition) and both counts. */
  private static String differences(
      Set<String> differing, Map<String, Long> expected, Map<String, Long> actual) {
    Map<String, String> out = new TreeMap<>();
    for (String word : differing) {
      int task = KeyPartitioner.partition(S.serialize(word), 4);
      out.put(word, "task 0_" + task + ": expected " + expected.get(word) + ", read " + actual.get(word));
    }
    return out.toString();
  }

  /**
   * What a failed wait needs explained: the survivor's state, failure, metrics and threads (with
   * their stacks), what its store holds, how far the output reader got, the log's end offsets and
   * the application's committed offsets, and where the child JVMs' output is.
   */
  private String postMortem(
      KafkaConsumer<String, Long> reader,
      RunnelStreams survivor,
      Set<String> differing) {
    StringBuilder out = new StringBuilder();
    out.append("survivor: state ").append(survivor.state());
    out.append(", metrics ").append(survivor.metrics()).append('\n');
    if (survivor.failure() != null) {
      out.append("survivor failure: ").append(stackTrace(survivor.failure())).append('\n');
    }
    out.append("survivor threads:\n").append(survivor.describeThreads());
    try {
      out.append("survivor store 'line-sets' set sizes: ")
          .append(new TreeMap<>(localSetSizes(survivor)))
          .append('\n');
    } catch (RuntimeException e) {
      out.append("survivor store 'line-sets' not queryable: ").append(e).append('\n');
    }
    Map<String, Long> positions = new TreeMap<>();
    for (org.apache.kafka.common.TopicPartition tp : reader.assignment()) {
      positions.put(tp.toString(), reader.position(tp));
    }
    out.append("reader positions: ").append(positions).append('\n');
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      Map<org.apache.kafka.common.TopicPartition, OffsetSpec> request = new HashMap<>();
      for (String topic :
          List.of("lines", "scale-it-line-sets-repartition", "scale-it-line-sets-changelog", "word-counts")) {
        for (int p = 0; p < 4; p++) {
          request.put(new org.apache.kafka.common.TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      Map<String, Long> ends = new TreeMap<>();
      admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp.toString(), info.offset()));
      out.append("end offsets: ").append(ends).append('\n');
      Map<String, Long> committed = new TreeMap<>();
      admin.listConsumerGroupOffsets("scale-it").partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, offset) -> committed.put(tp.toString(), offset == null ? null : offset.offset()));
      out.append("committed offsets of 'scale-it': ").append(committed).append('\n');
    } catch (Exception e) {
      out.append("cannot read the log's offsets: ").append(e).append('\n');
    }
    out.append(histories(differing));
    out.append(checkpoints(tmp.resolve("a").resolve("scale-it")));
    out.append("child JVM output: ").append(childLogs.stream().map(Path::toAbsolutePath).toList());
    return out.toString();
  }

  /**
   * For each word whose count differs, every record of it in 'word-counts' (offset=count) and in the
   * changelog (offset=set size), read again from the start of its partition.
   */
  private String histories(Set<String> differing) {
    Map<String, List<String>> outputs = new TreeMap<>();
    Map<String, List<String>> changelog = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> all =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        partitions.add(new org.apache.kafka.common.TopicPartition("word-counts", p));
        partitions.add(new org.apache.kafka.common.TopicPartition("scale-it-line-sets-changelog", p));
      }
      all.assign(partitions);
      all.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> ends = all.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 10_000;
      while (partitions.stream().anyMatch(tp -> all.position(tp) < ends.get(tp))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : all.poll(Duration.ofMillis(200))) {
          if (!differing.contains(r.key())) {
            continue;
          }
          String at = r.offset() + "=";
          if (r.value() == null) {
            at += "null";
          } else if (r.topic().equals("word-counts")) {
            at += ScaleOutApp.L.deserialize(r.value());
          } else {
            at += ScaleOutApp.ids(S.deserialize(r.value())).size();
          }
          (r.topic().equals("word-counts") ? outputs : changelog)
              .computeIfAbsent(r.key(), k -> new ArrayList<>())
              .add(at);
        }
      }
    } catch (RuntimeException e) {
      return "cannot read the histories: " + e + "\n";
    }
    return "'word-counts' records of the differing words: " + outputs + "\n"
        + "changelog records of the differing words (set sizes): " + changelog + "\n";
  }

  /**
   * The survivor's task checkpoints: the changelog offsets its producer had acknowledged when each
   * task last committed, to hold against the changelog's end offsets above.
   */
  private static String checkpoints(Path appDir) {
    StringBuilder out = new StringBuilder("survivor checkpoints:");
    for (int p = 0; p < 4; p++) {
      Path file = appDir.resolve("0_" + p).resolve(".checkpoint");
      try {
        out.append(" 0_").append(p).append("=").append(Files.readString(file).strip().replace('\n', ' '));
      } catch (IOException e) {
        out.append(" 0_").append(p).append(" unreadable (").append(e).append(")");
      }
    }
    return out.append('\n').toString();
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static Map<HostInfo, Set<String>> tasksByHost(RunnelStreams app) {
    try {
      Map<HostInfo, Set<String>> out = new HashMap<>();
      for (StreamsMetadata m : app.allMetadata()) {
        out.put(m.hostInfo(), m.taskIds());
      }
      return out;
    } catch (InvalidStateStoreException e) {
      return Map.of();
    }
  }

  private static Map<String, Long> localSetSizes(RunnelStreams app) {
    Map<String, Long> out = new HashMap<>();
    for (KeyValue<String, String> e : app.<String, String>keyValueStore("line-sets", S, S).all()) {
      out.put(e.key(), (long) ScaleOutApp.ids(e.value()).size());
    }
    return out;
  }

  private void startServerTopics(LogServer server) {
    servers = server.bootstrapServers();
    try (Log log = Log.open(Map.of("log.backend", "kafka", "bootstrap.servers", servers))) {
      log.createTopic(TopicSpec.of("lines", 4));
      log.createTopic(TopicSpec.of("word-counts", 4));
    }
  }

  /** Restore totals. */
  private static final class Restores implements RestoreListener {
    final AtomicLong restored = new AtomicLong();

    @Override
    public void onRestoreEnd(RestoreProgress progress) {
      restored.addAndGet(progress.restored());
    }
  }

  @Test
  void theSurvivorTakesOverAKilledInstancesTasksWithExactCounts() throws Exception {
    try (LogServer server = TestLogServer.start(tmp.resolve("log"))) {
      startServerTopics(server);
      Restores restores = new Restores();
      // Instance one runs two stream threads: three group members share the four tasks.
      RunnelStreams one = local(tmp.resolve("a").toString(), "-", "6000", restores, 2);
      await(() -> one.state() == RunnelStreams.State.RUNNING, "instance one to run");
      AtomicReference<String> two = child(tmp.resolve("b").toString(), TWO, "-", "6000");
      await(
          () -> "RUNNING".equals(two.get()) && tasksByHost(one).size() == 2,
          "both instances to share the tasks");
      Set<String> all = new HashSet<>(tasksByHost(one).get(ONE));
      all.addAll(tasksByHost(one).get(TWO));
      assertThat(all).containsExactlyInAnyOrder("0_0", "0_1", "0_2", "0_3");
      assertThat(tasksByHost(one).get(ONE)).hasSizeBetween(2, 3);
      assertThat(tasksByHost(one).get(TWO)).hasSizeBetween(1, 2);

      Random random = new Random(42);
      Map<String, Set<String>> sets = new HashMap<>();
      Map<String, Long> latest = new HashMap<>();
      try (KafkaConsumer<String, Long> output = outputReader()) {
        produce(lines(random, 200), sets);
        readUntil(output, latest, counts(sets), one);

        // Kill instance two while it works on a second batch. What is read meanwhile counts: a task
        // may emit its words' final counts before the kill, and they are not emitted again.
        produce(lines(random, 2000), sets);
        long deadline = System.currentTimeMillis() + 30_000;
        int seen = 0;
        while (seen < 50 && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, Long> r : output.poll(Duration.ofMillis(50))) {
            latest.put(r.key(), r.value());
            seen++;
          }
        }
        kill(children.get(0));

        await(
            () -> Set.of(ONE).equals(tasksByHost(one).keySet())
                && tasksByHost(one).get(ONE).size() == 4,
            "instance one to hold every task");
        readUntil(output, latest, counts(sets), one);
      }
      assertThat(localSetSizes(one)).isEqualTo(counts(sets));
      assertThat(restores.restored.get()).isPositive();
      assertThat(one.metrics().get("restored-records-total")).isEqualTo(restores.restored.get());
      assertThat(one.close(Duration.ofSeconds(30))).isTrue();
    }
  }

  @Test
  void aCleanCloseLeavesTheGroupSoTheOthersTakeOverAtOnce() throws Exception {
    String session = "120000"; // far longer than the waits below
    try (LogServer server = TestLogServer.start(tmp.resolve("log"))) {
      startServerTopics(server);
      RunnelStreams one = local(tmp.resolve("a").toString(), "-", session, new Restores());
      await(() -> one.state() == RunnelStreams.State.RUNNING, "instance one to run");
      Map<String, String> config =
          ScaleOutApp.config(servers, tmp.resolve("b").toString(), TWO.toString(), "-", session);
      RunnelStreams two = new RunnelStreams(ScaleOutApp.topology(), config);
      apps.add(two);
      two.start();
      await(
          () -> two.state() == RunnelStreams.State.RUNNING && tasksByHost(one).size() == 2,
          "both instances to share the tasks");
      Map<String, Set<String>> sets = new HashMap<>();
      Map<String, Long> latest = new HashMap<>();
      try (KafkaConsumer<String, Long> output = outputReader()) {
        produce(lines(new Random(3), 100), sets);
        readUntil(output, latest, counts(sets), one);
        assertThat(two.close(Duration.ofSeconds(30))).isTrue();
        await(
            () -> Set.of(ONE).equals(tasksByHost(one).keySet())
                && tasksByHost(one).get(ONE).size() == 4,
            "instance one to hold every task long before the session timeout");
        produce(lines(new Random(4), 100), sets);
        readUntil(output, latest, counts(sets), one);
      }
      assertThat(one.close(Duration.ofSeconds(30))).isTrue();
    }
  }

  @Test
  void aStaticMemberRejoinsAsItselfAndRestartsRestoreFromCheckpointsOrInFull() throws Exception {
    // A session timeout far longer than the waits below: only rejoining as itself lets a killed
    // and restarted instance get its tasks back in time.
    String session = "120000";
    try (LogServer server = TestLogServer.start(tmp.resolve("log"))) {
      startServerTopics(server);
      String dirA = tmp.resolve("a").toString();
      RunnelStreams one = local(dirA, "one", session, new Restores());
      await(() -> one.state() == RunnelStreams.State.RUNNING, "instance one to run");
      AtomicReference<String> two = child(tmp.resolve("b").toString(), TWO, "two", session);
      await(
          () -> "RUNNING".equals(two.get()) && tasksByHost(one).size() == 2,
          "both instances to share the tasks");
      Set<String> twosTasks = tasksByHost(one).get(TWO);

      Random random = new Random(7);
      Map<String, Set<String>> sets = new HashMap<>();
      Map<String, Long> latest = new HashMap<>();
      try (KafkaConsumer<String, Long> output = outputReader()) {
        produce(lines(random, 300), sets);
        readUntil(output, latest, counts(sets), one);

        kill(children.get(0));
        AtomicReference<String> again = child(tmp.resolve("b").toString(), TWO, "two", session);
        await(
            () -> "RUNNING".equals(again.get())
                && twosTasks.equals(tasksByHost(one).get(TWO))
                && one.state() == RunnelStreams.State.RUNNING,
            "the restarted static member to hold its tasks again");
        produce(lines(random, 300), sets);
        readUntil(output, latest, counts(sets), one);
      }
      Set<String> onesTasks = tasksByHost(one).get(ONE);
      assertThat(one.close(Duration.ofSeconds(30))).isTrue();

      // A clean restart of instance one: every store is at its checkpoint.
      Restores clean = new Restores();
      RunnelStreams restarted = local(dirA, "one", session, clean);
      await(
          () -> restarted.state() == RunnelStreams.State.RUNNING
              && onesTasks.equals(tasksByHost(restarted).get(ONE)),
          "instance one to run its tasks again");
      assertThat(clean.restored.get()).isZero();
      assertThat(restarted.close(Duration.ofSeconds(30))).isTrue();

      // Its state directory gone: its tasks come back from the changelogs in full.
      try (Stream<Path> paths = Files.walk(Path.of(dirA))) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      Restores full = new Restores();
      RunnelStreams rebuilt = local(dirA, "one", session, full);
      await(
          () -> rebuilt.state() == RunnelStreams.State.RUNNING
              && onesTasks.equals(tasksByHost(rebuilt).get(ONE)),
          "instance one to run its tasks after a full restore");
      assertThat(full.restored.get()).isPositive();
      Map<String, Long> expectedHere = new HashMap<>();
      counts(sets)
          .forEach(
              (word, count) -> {
                int task = KeyPartitioner.partition(S.serialize(word), 4);
                if (onesTasks.contains("0_" + task)) {
                  expectedHere.put(word, count);
                }
              });
      assertThat(localSetSizes(rebuilt)).isEqualTo(expectedHere).isNotEmpty();
      assertThat(rebuilt.close(Duration.ofSeconds(30))).isTrue();
    }
  }
}
