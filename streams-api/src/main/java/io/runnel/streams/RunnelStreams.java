package io.runnel.streams;

import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.streams.internal.GlobalStateUpdater;
import io.runnel.streams.internal.GlobalStreamThread;
import io.runnel.streams.internal.StreamMetrics;
import io.runnel.streams.internal.StreamThread;
import io.runnel.streams.log.Log;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Topology} as a Kafka Streams-style application over the Log SPI: one stream thread
 * (more are not supported yet), tasks per partition group, state stores restored from their
 * changelogs before processing, and an at-least-once commit every {@code commit.interval.ms}.
 *
 * <pre>{@code
 * RunnelStreams app = new RunnelStreams(topology, Map.of(
 *     "application.id", "word-count", "bootstrap.servers", "localhost:9092"));
 * app.setStateListener((now, before) -> System.out.println(before + " -> " + now));
 * app.start();
 * ...
 * app.close(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Thread-safe: start, close and state may be called from any thread. Listeners are called on the
 * stream thread (and on the thread calling {@code start} or {@code close}), so keep them quick.
 */
public final class RunnelStreams implements AutoCloseable {
  /** The lifecycle, as Kafka Streams' KafkaStreams.State. */
  public enum State {
    /** Built, not started. */
    CREATED,
    /** Joining the group, or tasks moving or restoring. */
    REBALANCING,
    /** Processing. */
    RUNNING,
    /** {@code close} was called; committing and releasing. */
    PENDING_SHUTDOWN,
    /** Closed cleanly. */
    NOT_RUNNING,
    /** The stream thread died; see the log and {@link #failure()}. Close to release. */
    ERROR
  }

  /** Hears state changes. */
  @FunctionalInterface
  public interface StateListener {
    /** The state moved from {@code oldState} to {@code newState}. */
    void onChange(State newState, State oldState);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RunnelStreams.class);

  private final Topology topology;
  private final StreamsConfig config;
  private final Log log;
  private final boolean ownsLog;
  private volatile StateListener stateListener = (now, before) -> {};
  private volatile RestoreListener restoreListener = RestoreListener.NONE;
  private volatile State state = State.CREATED;
  private volatile boolean shutdown;
  private volatile Throwable failure;
  private Thread thread;
  private volatile StreamMetrics metrics;

  /**
   * An application of {@code topology} on the log chosen by {@code log.backend}.
   *
   * @throws IllegalArgumentException naming a bad configuration key
   */
  public RunnelStreams(Topology topology, Map<String, String> config) {
    this(topology, StreamsConfig.from(config), null);
  }

  /**
   * An application of {@code topology} on {@code log}, which the caller keeps and closes ({@code
   * log.backend} and {@code bootstrap.servers} are ignored).
   */
  public RunnelStreams(Topology topology, Map<String, String> config, Log log) {
    this(
        topology,
        StreamsConfig.from(withMemoryBackend(config)),
        Objects.requireNonNull(log, "log"));
  }

  private RunnelStreams(Topology topology, StreamsConfig config, Log log) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.config = config;
    this.ownsLog = log == null;
    this.log = log != null ? log : Log.open(config.originals());
  }

  private static Map<String, String> withMemoryBackend(Map<String, String> config) {
    // The given log replaces the backend, so the kafka backend's required keys do not apply.
    Map<String, String> copy = new HashMap<>(config);
    copy.put(StreamsConfig.LOG_BACKEND, "memory");
    return copy;
  }

  /** Sets the listener of state changes; call before {@link #start()}. */
  public void setStateListener(StateListener listener) {
    this.stateListener = Objects.requireNonNull(listener, "listener");
  }

  /** Sets the listener of restore progress (store, records restored of total, rate). */
  public void setRestoreListener(RestoreListener listener) {
    this.restoreListener = Objects.requireNonNull(listener, "listener");
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /** Why the application is in {@link State#ERROR}, or null. */
  public Throwable failure() {
    return failure;
  }

  /**
   * The stream thread's counters by name, for example {@code dropped-records-total} (records a
   * windowed operation dropped as late); empty before {@link #start()}. Thread-safe.
   */
  public Map<String, Long> metrics() {
    StreamMetrics current = metrics;
    return current == null ? Map.of() : current.snapshot();
  }

  /**
   * Starts the stream thread: it checks and creates topics, joins the group, restores and
   * processes.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized void start() {
    if (state != State.CREATED) {
      throw new IllegalStateException(
          "application '" + config.applicationId() + "' was already started (state " + state + ")");
    }
    transition(State.REBALANCING);
    thread = new Thread(this::run, config.applicationId() + "-StreamThread-1");
    thread.start();
  }

  private void run() {
    RocksDBResources resources = new RocksDBResources(config.stateConfig());
    StreamThread streamThread =
        new StreamThread(
            topology.graph(),
            config,
            log,
            resources,
            restoreListener,
            new StreamThread.StateListener() {
              @Override
              public void onRebalancing() {
                transition(State.REBALANCING);
              }

              @Override
              public void onRunning() {
                transition(State.RUNNING);
              }
            },
            System::currentTimeMillis);
    metrics = streamThread.metrics();
    Duration poll = Duration.ofMillis(config.pollMs());
    GlobalStreamThread global = null;
    try {
      if (GlobalStateUpdater.needed(topology.graph())) {
        global =
            GlobalStreamThread.start(
                topology.graph(), config, log, resources, System::currentTimeMillis, this::fail);
        streamThread.globalStores(global.stores());
      }
      streamThread.start();
      while (!shutdown) {
        streamThread.runOnce(poll);
      }
      streamThread.close();
    } catch (RuntimeException | Error e) {
      LOG.error("application {}: stream thread failed", config.applicationId(), e);
      failure = e;
      transition(State.ERROR);
      try {
        streamThread.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
    } finally {
      if (global != null) {
        global.close();
      }
      resources.close();
      if (ownsLog) {
        log.close();
      }
      transition(State.NOT_RUNNING);
    }
  }

  /** The global thread failed: the application stops in ERROR. */
  private void fail(Throwable e) {
    LOG.error("application {}: global thread failed", config.applicationId(), e);
    failure = e;
    transition(State.ERROR);
    shutdown = true;
  }

  /**
   * Stops processing: commits, closes the stores (writing checkpoints) and leaves the group.
   *
   * @return true if the stream thread ended within {@code timeout}
   */
  public boolean close(Duration timeout) {
    Thread running;
    synchronized (this) {
      shutdown = true;
      running = thread;
      if (running == null) {
        transition(State.PENDING_SHUTDOWN);
        transition(State.NOT_RUNNING);
        return true;
      }
    }
    transition(State.PENDING_SHUTDOWN);
    try {
      running.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !running.isAlive();
  }

  /** {@link #close(Duration)} waiting up to a minute. */
  @Override
  public void close() {
    close(Duration.ofMinutes(1));
  }

  private synchronized void transition(State next) {
    State current = state;
    if (!allowed(current, next)) {
      return;
    }
    state = next;
    stateListener.onChange(next, current);
  }

  private static boolean allowed(State from, State to) {
    switch (from) {
      case CREATED:
        return to == State.REBALANCING || to == State.PENDING_SHUTDOWN;
      case REBALANCING:
        return to == State.RUNNING || to == State.PENDING_SHUTDOWN || to == State.ERROR;
      case RUNNING:
        return to == State.REBALANCING || to == State.PENDING_SHUTDOWN || to == State.ERROR;
      case PENDING_SHUTDOWN:
        return to == State.NOT_RUNNING || to == State.ERROR;
      default:
        return false;
    }
  }
}
