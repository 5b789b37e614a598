package io.runnel.log.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * One chaos run from start to verdict: start the cluster, create the topic, produce while the
 * nemesis plays its schedule, heal everything, wait for full ISRs, check. {@link #main} is what
 * {@code bench/chaos.sh} runs; {@code ChaosIT} runs a short one.
 *
 * <p>Not thread-safe: {@link #run} is called once, from one thread.
 */
public final class ChaosHarness {
  /**
   * The settings of a run.
   *
   * @param seed draws the fault schedule
   * @param faultTime how long the nemesis runs
   * @param partitions partitions of the topic, one producer each
   * @param replicationFactor replicas per partition
   * @param minInsyncReplicas the topic's min.insync.replicas (0: not set)
   * @param ratePerPartition sends per second per partition, at most
   * @param dir where nodes keep their data and logs
   * @param nodeSettings server settings on top of the harness's
   */
  public record Options(long seed, Duration faultTime, int partitions, int replicationFactor, int minInsyncReplicas,
                        int ratePerPartition, Path dir, Map<String, String> nodeSettings) {
    public Options {
      if (partitions < 1 || replicationFactor < 1 || replicationFactor > NODES || ratePerPartition < 1) {
        throw new IllegalArgumentException("a chaos run needs partitions >= 1, 1 <= replication factor <= " + NODES
            + " and a rate >= 1, not " + partitions + ", " + replicationFactor + ", " + ratePerPartition);
      }
      nodeSettings = Map.copyOf(nodeSettings);
    }
  }

  /** What a run found. {@code text} is the report as printed. */
  public record Report(boolean passed, long attempts, long acknowledged, Map<Nemesis.Kind, Integer> faults,
                       Checker.Result check, List<String> failures, String text) {
    /** Acknowledged attempts / attempts. */
    public double availability() {
      return attempts == 0 ? 0 : (double) acknowledged / attempts;
    }
  }

  static final int NODES = 3;
  static final String TOPIC = "chaos";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(45);

  private final Options options;
  private final Consumer<String> log;
  private final long startNanos = System.nanoTime();
  private final List<String> events = new ArrayList<>();

  public ChaosHarness(Options options, Consumer<String> log) {
    this.options = options;
    this.log = log;
  }

  private synchronized void event(String line) {
    String stamped = String.format("%7.1f s  %s", (System.nanoTime() - startNanos) / 1e9, line);
    events.add(stamped);
    log.accept(stamped);
  }

  /** The JVM class path of this one (under surefire/failsafe: the test class path). */
  static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Runs the whole thing; a phase that cannot complete makes the verdict FAIL with the reason. */
  public Report run() throws InterruptedException {
    List<Nemesis.Fault> schedule = Nemesis.schedule(options.seed(), options.faultTime().toMillis(), NODES);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("default.replication.factor", Integer.toString(options.replicationFactor()));
    settings.put("broker.session.timeout.ms", "4000");
    settings.put("broker.heartbeat.interval.ms", "1000");
    settings.put("auto.create.topics.enable", "false");
    settings.put("offsets.topic.num.partitions", "3");
    settings.put("group.initial.rebalance.delay.ms", "0");
    // Kafka's default is 30 s: a dead follower would hold acks=all that long before the ISR shrinks.
    settings.put("replica.lag.time.max.ms", "5000");
    settings.putAll(options.nodeSettings());
    List<String> failures = new ArrayList<>();
    Workload workload = null;
    Nemesis nemesis = null;
    Checker.Result check = null;
    event("seed " + options.seed() + ", " + schedule.size() + " faults planned for " + options.faultTime().toSeconds()
        + " s; data and node logs in " + options.dir());
    try (ChaosCluster cluster = new ChaosCluster(NODES, options.dir(), settings, testClasspath(),
        List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))) {
      cluster.startAll(START_TIMEOUT);
      event("nodes serve; clients bootstrap from the proxies " + cluster.bootstrapServers());
      try (Admin admin = admin(cluster.bootstrapServers())) {
        createTopic(admin);
        awaitFullIsr(admin, START_TIMEOUT);
        event("topic " + TOPIC + ": " + options.partitions() + " partitions, replication factor "
            + options.replicationFactor() + ", min.insync.replicas "
            + (options.minInsyncReplicas() > 0 ? options.minInsyncReplicas() : "default") + "; every ISR full");

        workload = new Workload(TOPIC, options.partitions(), cluster.bootstrapServers(), options.ratePerPartition(), 200);
        workload.start();
        nemesis = new Nemesis(cluster, schedule, START_TIMEOUT, this::event);
        Nemesis playing = nemesis;
        Throwable[] nemesisFailure = new Throwable[1];
        Thread nemesisThread = new Thread(() -> {
          try {
            playing.run();
          } catch (Throwable t) {
            nemesisFailure[0] = t;
          }
        }, "chaos-nemesis");
        nemesisThread.start();
        nemesisThread.join(options.faultTime().toMillis());
        nemesis.stop();
        nemesisThread.join(START_TIMEOUT.toMillis() + 10_000);
        if (nemesisThread.isAlive()) {
          failures.add("the nemesis did not finish its last fault within " + START_TIMEOUT);
          nemesisThread.interrupt();
          nemesisThread.join();
        }
        if (nemesisFailure[0] != null) {
          failures.add("nemesis: " + nemesisFailure[0]);
        }
        event("faults over: " + nemesis.counts() + "; healing every proxy, resuming and restarting every node");
        cluster.healAll(START_TIMEOUT);
        // The producers keep writing across the heal, so the last values go to the healed cluster.
        awaitAcknowledgedGrowth(workload);
        workload.stop(Duration.ofSeconds(20));
        event("producers stopped: " + workload.acknowledged() + " of " + workload.attempts()
            + " attempts acknowledged");

        long settleStart = System.nanoTime();
        Map<Integer, List<Integer>> replicasOf = awaitFullIsr(admin, SETTLE_TIMEOUT);
        event(String.format("every ISR full again after %.1f s", (System.nanoTime() - settleStart) / 1e9));

        Map<Integer, List<Checker.Entry>> read = Checker.readThroughLeaders(cluster.bootstrapServers(), TOPIC,
            options.partitions(), SETTLE_TIMEOUT);
        event("read every partition through its leader");
        cluster.stopAll(Duration.ofSeconds(20));
        event("nodes stopped cleanly; reading every replica's files");
        Path scratch = options.dir().resolve("checker");
        Map<Integer, Map<Integer, List<Checker.Entry>>> replicas = new TreeMap<>();
        for (Map.Entry<Integer, List<Integer>> e : replicasOf.entrySet()) {
          Map<Integer, List<Checker.Entry>> perNode = new TreeMap<>();
          for (int node : e.getValue()) {
            perNode.put(node,
                Checker.readReplica(cluster.dataDir(node), TOPIC, e.getKey(), scratch.resolve("node-" + node)));
          }
          replicas.put(e.getKey(), perNode);
        }
        Map<Integer, Long> attempts = new TreeMap<>();
        Map<Integer, NavigableMap<Long, Long>> acked = new TreeMap<>();
        for (int p = 0; p < options.partitions(); p++) {
          attempts.put(p, workload.attempts(p));
          acked.put(p, workload.acked(p));
        }
        check = Checker.check(read, attempts, acked, replicas);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        // Before the nodes are killed: what each was doing (a node that stopped applying the metadata
        // log, say) goes into its node-<id>.log.
        event("run failed (" + e + "); thread dumps of every node go to their logs");
        cluster.dumpThreads();
        throw e;
      }
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // e.g. the checker's consumer timing out (a KafkaException): the verdict is FAIL with the reason
      failures.add(e.toString());
      event("run failed: " + e);
    } finally {
      if (workload != null) {
        workload.stop(Duration.ofSeconds(5));
      }
    }
    return report(schedule, workload, nemesis, check, failures);
  }

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return Admin.create(p);
  }

  private void createTopic(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
    NewTopic topic = new NewTopic(TOPIC, options.partitions(), (short) options.replicationFactor());
    if (options.minInsyncReplicas() > 0) {
      topic.configs(Map.of("min.insync.replicas", Integer.toString(options.minInsyncReplicas())));
    }
    try {
      admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + TOPIC + " with replication factor "
          + options.replicationFactor() + ": " + e.getCause(), e);
    }
  }

  /**
   * Waits until every partition has a leader and an ISR equal to its replicas; returns partition ->
   * replicas. Throws when that does not happen within {@code timeout}, naming the partitions.
   */
  private Map<Integer, List<Integer>> awaitFullIsr(Admin admin, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastState = "no answer";
    while (true) {
      try {
        TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
        Map<Integer, List<Integer>> replicas = new TreeMap<>();
        List<String> notFull = new ArrayList<>();
        for (TopicPartitionInfo p : d.partitions()) {
          List<Integer> r = p.replicas().stream().map(n -> n.id()).sorted().toList();
          List<Integer> isr = p.isr().stream().map(n -> n.id()).sorted().toList();
          replicas.put(p.partition(), r);
          if (p.leader() == null || p.leader().isEmpty() || !isr.equals(r)) {
            notFull.add(p.partition() + " (leader " + (p.leader() == null ? "none" : p.leader().id()) + ", replicas " + r
                + ", isr " + isr + ")");
          }
        }
        if (notFull.isEmpty() && replicas.size() == options.partitions()) {
          return replicas;
        }
        lastState = "partitions not in full sync: " + notFull;
      } catch (ExecutionException | TimeoutException e) {
        lastState = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + TOPIC + " did not reach full ISRs within " + timeout + ": "
            + lastState);
      }
      Thread.sleep(250);
    }
  }

  /** Waits (a bounded time) until the producers have some acknowledgement after the heal. */
  private void awaitAcknowledgedGrowth(Workload workload) throws InterruptedException {
    long before = workload.acknowledged();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (workload.acknowledged() < before + 10L * options.partitions() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  private Report report(List<Nemesis.Fault> schedule, Workload workload, Nemesis nemesis, Checker.Result check,
                        List<String> failures) {
    long attempts = workload == null ? 0 : workload.attempts();
    long acked = workload == null ? 0 : workload.acknowledged();
    Map<Nemesis.Kind, Integer> faults = nemesis == null ? Map.of() : nemesis.counts();
    if (check == null && failures.isEmpty()) {
      failures.add("the run ended before the check");
    }
    boolean passed = failures.isEmpty() && check != null && check.ok() && acked > 0;
    StringBuilder t = new StringBuilder();
    t.append("Runnel chaos run, ").append(Instant.now()).append('\n');
    t.append("seed ").append(options.seed()).append(" (rerun with --seed ").append(options.seed()).append(")\n");
    t.append("cluster: ").append(NODES).append(" log-server JVMs on loopback behind TCP proxies; topic ").append(TOPIC)
        .append(", ").append(options.partitions()).append(" partitions, replication factor ")
        .append(options.replicationFactor()).append(", min.insync.replicas ")
        .append(options.minInsyncReplicas() > 0 ? options.minInsyncReplicas() : "default").append('\n');
    t.append("producers: one idempotent producer per partition, acks=all, at most ").append(options.ratePerPartition())
        .append(" sends/s each\n");
    t.append("faults over ").append(options.faultTime().toSeconds()).append(" s: ").append(faults).append(" (")
        .append(schedule.size()).append(" planned)\n");
    t.append(String.format("produce attempts %d, acknowledged %d: availability %.1f%%%n", attempts, acked,
        attempts == 0 ? 0.0 : 100.0 * acked / attempts));
    if (workload != null) {
      t.append("attempt outcomes: ").append(workload.outcomes()).append('\n');
      long[] stall = workload.longestStall();
      t.append(String.format("longest time without an acknowledgement on a partition: %.1f s (partition %d)%n",
          stall[0] / 1e9, stall[1]));
    }
    if (check != null) {
      t.append("records read through the leaders: ").append(check.recordsRead()).append(" (")
          .append(check.recordsRead() - acked).append(" more than acknowledged: sent, not acknowledged, but written)\n");
      t.append("lost ").append(check.lost()).append(", at another offset than acknowledged ")
          .append(check.offsetMismatches()).append(", duplicated ").append(check.duplicates())
          .append(", out of order ").append(check.outOfOrder()).append(", never sent ").append(check.unknownValues())
          .append(", replicas differing ").append(check.replicaMismatches()).append('\n');
      check.problems().forEach(p -> t.append("  ").append(p).append('\n'));
    }
    failures.forEach(f -> t.append("run failure: ").append(f).append('\n'));
    t.append("verdict: ").append(passed ? "PASS" : "FAIL").append('\n');
    t.append("\nevents:\n");
    synchronized (this) {
      events.forEach(e -> t.append("  ").append(e).append('\n'));
    }
    return new Report(passed, attempts, acked, faults, check, List.copyOf(failures), t.toString());
  }

  /**
   * {@code --minutes N | --seconds N} (of faults), {@code --seed S}, {@code --partitions P}, {@code
   * --replication-factor R}, {@code --min-insync-replicas M}, {@code --rate R} (per partition),
   * {@code --dir D}, {@code --out FILE}, {@code --node-setting key=value} (repeatable). Exit status 0
   * on PASS, 1 on FAIL, 2 on bad arguments.
   */
  public static void main(String[] args) throws Exception {
    long seed = System.currentTimeMillis();
    Duration faultTime = Duration.ofMinutes(10);
    int partitions = 6;
    int rf = 3;
    int minIsr = 2;
    int rate = 200;
    Path dir = null;
    Path out = null;
    Map<String, String> nodeSettings = new LinkedHashMap<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        if (v == null) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        i++;
        switch (a) {
          case "--minutes" -> faultTime = Duration.ofMinutes(positive(a, v));
          case "--seconds" -> faultTime = Duration.ofSeconds(positive(a, v));
          case "--seed" -> seed = Long.parseLong(v);
          case "--partitions" -> partitions = (int) positive(a, v);
          case "--replication-factor" -> rf = (int) positive(a, v);
          case "--min-insync-replicas" -> minIsr = Integer.parseInt(v);
          case "--rate" -> rate = (int) positive(a, v);
          case "--dir" -> dir = Path.of(v);
          case "--out" -> out = Path.of(v);
          case "--node-setting" -> {
            int eq = v.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--node-setting takes key=value, not '" + v + "'");
            }
            nodeSettings.put(v.substring(0, eq), v.substring(eq + 1));
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage());
      System.err.println("usage: ChaosHarness [--minutes N | --seconds N] [--seed S] [--partitions P]"
          + " [--replication-factor R] [--min-insync-replicas M] [--rate SENDS_PER_S_PER_PARTITION] [--dir D]"
          + " [--out FILE] [--node-setting key=value]...");
      System.exit(2);
      return;
    }
    if (dir == null) {
      dir = Files.createTempDirectory("runnel-chaos-");
    }
    Files.createDirectories(dir);
    Options options = new Options(seed, faultTime, partitions, rf, minIsr, rate, dir, nodeSettings);
    Report report = new ChaosHarness(options, line -> System.err.println("[chaos] " + line)).run();
    System.out.print(report.text());
    if (out != null) {
      try {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.text(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the report to " + out, e);
      }
    }
    System.exit(report.passed() ? 0 : 1);
  }

  private static long positive(String option, String value) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
    }
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, not " + n);
    }
    return n;
  }
}
