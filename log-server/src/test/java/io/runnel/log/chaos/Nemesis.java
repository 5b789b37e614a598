package io.runnel.log.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The faults of a run, one at a time: a schedule drawn from a seed before the run starts (so the
 * same seed gives the same faults on the same nodes with the same durations), then played against
 * a {@link ChaosCluster}.
 *
 * <p>Each step is: inject the fault on one node, hold it for {@code faultMs}, end it (restart the
 * killed node and wait until it serves, SIGCONT the paused one, heal the cut proxy), then leave the
 * cluster alone for {@code calmMs}. What the schedule fixes is the sequence of faults and pauses;
 * the moments relative to the producers' traffic vary with the machine's load, as in any real run.
 *
 * <p>Threading: {@link #run} plays the schedule on the calling thread (the harness gives it one);
 * {@link #stop} may be called from another thread and ends the current pause early, after which the
 * fault in progress is ended and no new one starts. {@link #counts} is read after {@code run} returns.
 */
final class Nemesis {
  /** The kinds of faults. */
  enum Kind {
    /** SIGKILL, then start the node again on its data. */
    KILL,
    /** SIGSTOP, then SIGCONT: the node freezes with its sockets and quorum membership intact. */
    PAUSE,
    /** Cut the node's proxy, then heal it: nobody reaches its client listener (replication included). */
    CUT
  }

  /** One step of the schedule. */
  record Fault(Kind kind, int node, long faultMs, long calmMs) {
    @Override
    public String toString() {
      return kind + " node " + node + " for " + faultMs + " ms, then " + calmMs + " ms calm";
    }
  }

  private final ChaosCluster cluster;
  private final List<Fault> schedule;
  private final Duration restartTimeout;
  private final Consumer<String> log;
  private final Map<Kind, Integer> counts = Collections.synchronizedMap(new EnumMap<>(Kind.class));
  private final Object pauseLock = new Object();
  private volatile boolean stopped;

  Nemesis(ChaosCluster cluster, List<Fault> schedule, Duration restartTimeout, Consumer<String> log) {
    this.cluster = cluster;
    this.schedule = List.copyOf(schedule);
    this.restartTimeout = restartTimeout;
    this.log = log;
  }

  /**
   * The faults for {@code seed} filling about {@code totalMs} on nodes {@code 1..nodes}: each fault
   * held 1 to 5 s, each calm 1 to 4 s, kinds and nodes uniformly at random.
   */
  static List<Fault> schedule(long seed, long totalMs, int nodes) {
    Random random = new Random(seed);
    List<Fault> faults = new ArrayList<>();
    long planned = 0;
    while (planned < totalMs) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      int node = 1 + random.nextInt(nodes);
      long faultMs = 1_000 + random.nextInt(4_001);
      long calmMs = 1_000 + random.nextInt(3_001);
      faults.add(new Fault(kind, node, faultMs, calmMs));
      planned += faultMs + calmMs;
    }
    return faults;
  }

  /** Plays the schedule until its end or {@link #stop}. */
  void run() throws InterruptedException {
    for (Fault fault : schedule) {
      if (stopped) {
        return;
      }
      log.accept("nemesis: " + fault);
      inject(fault);
      counts.merge(fault.kind(), 1, Integer::sum);
      pause(fault.faultMs());
      end(fault);
      pause(fault.calmMs());
    }
  }

  private void inject(Fault fault) throws InterruptedException {
    NodeProcess node = cluster.node(fault.node());
    switch (fault.kind()) {
      case KILL -> node.kill();
      case PAUSE -> node.pause();
      case CUT -> cluster.proxy(fault.node()).cut();
      default -> throw new IllegalStateException("unknown fault " + fault.kind());
    }
  }

  private void end(Fault fault) throws InterruptedException {
    NodeProcess node = cluster.node(fault.node());
    switch (fault.kind()) {
      case KILL -> {
        node.start();
        node.awaitReady(restartTimeout);
        log.accept("nemesis: node " + fault.node() + " serves again");
      }
      case PAUSE -> node.resume();
      case CUT -> cluster.proxy(fault.node()).heal();
      default -> throw new IllegalStateException("unknown fault " + fault.kind());
    }
  }

  private void pause(long ms) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    synchronized (pauseLock) {
      long left;
      while (!stopped && (left = deadline - System.currentTimeMillis()) > 0) {
        pauseLock.wait(left);
      }
    }
  }

  /** Ends the current pause; the fault in progress is ended by {@link #run} before it returns. */
  void stop() {
    stopped = true;
    synchronized (pauseLock) {
      pauseLock.notifyAll();
    }
  }

  /** How many faults of each kind were injected. */
  Map<Kind, Integer> counts() {
    synchronized (counts) {
      Map<Kind, Integer> copy = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        copy.put(k, counts.getOrDefault(k, 0));
      }
      return copy;
    }
  }
}
