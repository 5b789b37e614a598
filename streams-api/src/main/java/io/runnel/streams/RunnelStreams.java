package io.runnel.streams;

import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.state.serde.Serde;
import io.runnel.streams.internal.GlobalStateUpdater;
import io.runnel.streams.internal.GlobalStores;
import io.runnel.streams.internal.GlobalStreamThread;
import io.runnel.streams.internal.LocalQueries;
import io.runnel.streams.internal.StreamThread;
import io.runnel.streams.log.Log;
import io.runnel.streams.query.InvalidStateStoreException;
import io.runnel.streams.query.KeyQueryMetadata;
import io.runnel.streams.query.ReadOnlyKeyValueStore;
import io.runnel.streams.query.ReadOnlyWindowStore;
import io.runnel.streams.query.StreamsMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Topology} as a Kafka Streams-style application over the Log SPI: {@code
 * num.stream.threads} stream threads, each a member of the application's group with its own
 * consumer and producer; tasks per partition group, shared with the other instances of the same
 * {@code application.id}; state stores restored from their changelogs before processing, and an
 * at-least-once commit every {@code commit.interval.ms}. The application is {@code RUNNING} when
 * every thread runs its tasks, and goes to {@code ERROR} when any thread fails (the others then
 * commit and stop). Local stores can be queried while it runs ({@link #keyValueStore}, {@link
 * #windowStore}), and {@link #queryMetadataForKey} says which instance holds a key.
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
 * <p>Thread-safe: every method may be called from any thread. Listeners are called on the stream
 * threads (and on the thread calling {@code start} or {@code close}), so keep them quick.
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
    /** A stream thread died; see the log and {@link #failure()}. Close to release. */
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
  private final List<Thread> threads = new ArrayList<>();
  private volatile List<StreamThread> streamThreads = List.of();
  private boolean[] threadRunning;
  private int threadsAlive;
  private RocksDBResources resources;
  private long startNanos;
  private volatile long timeToRunningMs = -1;
  private final LocalQueries queries;
  private final Object globalLock = new Object();
  private GlobalStreamThread global; // guarded by globalLock
  private boolean globalStarted; // guarded by globalLock
  private Throwable globalFailure; // guarded by globalLock

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
    this.queries =
        new LocalQueries(
            config.applicationId(),
            topology.graph(),
            () -> streamThreads,
            () -> state == State.RUNNING ? null : "it is " + state);
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
   * The counters by name, summed over the stream threads: {@code dropped-records-total} (records a
   * windowed operation dropped as late), {@code skipped-records-total} (records an error handler
   * skipped), {@code restored-records-total} (records restored from changelogs since start), and
   * {@code time-to-running-ms}, the milliseconds from {@link #start()} to the first {@code RUNNING}
   * (-1 until then). Empty before {@link #start()}. Thread-safe.
   */
  public Map<String, Long> metrics() {
    List<StreamThread> current = streamThreads;
    if (current.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> sum = new TreeMap<>();
    for (StreamThread thread : current) {
      thread.metrics().snapshot().forEach((name, value) -> sum.merge(name, value, Long::sum));
    }
    sum.put("time-to-running-ms", timeToRunningMs);
    return sum;
  }

  /**
   * For a person diagnosing a stuck or failed instance: each stream thread's name, Java state, its
   * tasks and whether it is rebalancing, with its current stack. Thread-safe.
   */
  String describeThreads() {
    List<Thread> started;
    synchronized (this) {
      started = List.copyOf(threads);
    }
    List<StreamThread> current = streamThreads;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < current.size(); i++) {
      if (i >= started.size()) {
        out.append("  thread ").append(i + 1).append(" (not started): ").append(current.get(i).describe()).append('\n');
        continue;
      }
      Thread thread = started.get(i);
      out.append("  ").append(thread.getName()).append(' ').append(thread.getState()).append(": ")
          .append(current.get(i).describe()).append('\n');
      for (StackTraceElement frame : thread.getStackTrace()) {
        out.append("      at ").append(frame).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A read-only view of key-value store {@code name} across this instance's tasks ({@code get},
   * {@code range}, {@code all}, {@code approximateNumEntries}); the serdes are the store's.
   *
   * @throws StreamsException if the topology has no key-value store of that name
   */
  public <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    return queries.keyValueStore(name, keySerde, valueSerde);
  }

  /**
   * A read-only view of window store {@code name} across this instance's tasks ({@code fetch(key,
   * from, to)}); the serdes are the store's (the inner key's, not the windowed key's).
   *
   * @throws StreamsException if the topology has no window store of that name
   */
  public <K, V> ReadOnlyWindowStore<K, V> windowStore(
      String name, Serde<K> keySerde, Serde<V> valueSerde) {
    return queries.windowStore(name, keySerde, valueSerde);
  }

  /**
   * Every instance of this application that set {@code application.server}, with its tasks and
   * stores, from the group's latest assignment.
   *
   * @throws InvalidStateStoreException (retriable) unless the application is {@code RUNNING}
   */
  public List<StreamsMetadata> allMetadata() {
    return queries.allMetadata();
  }

  /**
   * Which instance ({@code application.server}) holds {@code key} of store {@code store}: the
   * owner of the task of the key's murmur2 partition, from the group's latest assignment. Users
   * send the query there with their own RPC.
   *
   * @throws InvalidStateStoreException (retriable) unless the application is {@code RUNNING}
   * @throws StreamsException if there is no such store or the holder set no {@code
   *     application.server}
   */
  public <K> KeyQueryMetadata queryMetadataForKey(String store, K key, Serde<K> keySerde) {
    return queries.queryMetadataForKey(store, key, keySerde);
  }

  /**
   * Starts the stream threads: each checks and creates topics, joins the group, restores and
   * processes.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized void start() {
    if (state != State.CREATED) {
      throw new IllegalStateException(
          "application '" + config.applicationId() + "' was already started (state " + state + ")");
    }
    startNanos = System.nanoTime();
    transition(State.REBALANCING);
    resources = new RocksDBResources(config.stateConfig());
    int count = config.numStreamThreads();
    threadRunning = new boolean[count];
    threadsAlive = count;
    List<StreamThread> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      created.add(
          new StreamThread(
              topology.graph(),
              config,
              log,
              resources,
              restoreListener,
              new StreamThread.StateListener() {
                @Override
                public void onRebalancing() {
                  threadState(index, false);
                }

                @Override
                public void onRunning() {
                  threadState(index, true);
                }
              },
              System::currentTimeMillis,
              i + 1));
    }
    streamThreads = List.copyOf(created);
    for (int i = 0; i < count; i++) {
      StreamThread streamThread = created.get(i);
      Thread thread =
          new Thread(
              () -> run(streamThread), config.applicationId() + "-StreamThread-" + (i + 1));
      threads.add(thread);
    }
    threads.forEach(Thread::start);
  }

  private synchronized void threadState(int index, boolean running) {
    threadRunning[index] = running;
    if (!running) {
      transition(State.REBALANCING);
      return;
    }
    for (boolean r : threadRunning) {
      if (!r) {
        return;
      }
    }
    if (state == State.REBALANCING && timeToRunningMs < 0) {
      timeToRunningMs = (System.nanoTime() - startNanos) / 1_000_000;
    }
    transition(State.RUNNING);
  }

  private void run(StreamThread streamThread) {
    Duration poll = Duration.ofMillis(config.pollMs());
    try {
      GlobalStores globals = globalStores();
      if (globals != null) {
        streamThread.globalStores(globals);
      }
      streamThread.start();
      while (!shutdown) {
        streamThread.runOnce(poll);
      }
      streamThread.close();
    } catch (RuntimeException | Error e) {
      LOG.error(
          "application {}: stream thread {} failed",
          config.applicationId(),
          Thread.currentThread().getName(),
          e);
      synchronized (this) {
        if (failure == null) {
          failure = e;
        }
        shutdown = true; // the other threads commit and stop
        transition(State.ERROR);
      }
      try {
        streamThread.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
    } finally {
      threadEnded();
    }
  }

  /**
   * The instance's global stores, loaded by the first stream thread that asks (the others wait),
   * or null when the topology has no global tables.
   */
  private GlobalStores globalStores() {
    synchronized (globalLock) {
      if (!globalStarted) {
        globalStarted = true;
        if (GlobalStateUpdater.needed(topology.graph())) {
          try {
            global =
                GlobalStreamThread.start(
                    topology.graph(), config, log, resources, System::currentTimeMillis, this::fail);
          } catch (RuntimeException | Error e) {
            globalFailure = e;
          }
        }
      }
      if (globalFailure != null) {
        throw new StreamsException(
            "application '" + config.applicationId() + "': global tables failed to load: "
                + globalFailure.getMessage(),
            globalFailure);
      }
      return global == null ? null : global.stores();
    }
  }

  /** The global thread failed: the application stops in ERROR. */
  private void fail(Throwable e) {
    LOG.error("application {}: global thread failed", config.applicationId(), e);
    synchronized (this) {
      if (failure == null) {
        failure = e;
      }
      shutdown = true;
      transition(State.ERROR);
    }
  }

  private void threadEnded() {
    synchronized (this) {
      threadsAlive--;
      if (threadsAlive > 0) {
        return;
      }
    }
    synchronized (globalLock) {
      if (global != null) {
        global.close();
      }
    }
    resources.close();
    if (ownsLog) {
      log.close();
    }
    transition(State.NOT_RUNNING);
  }

  /**
   * Stops processing: commits, closes the stores (writing checkpoints) and leaves the group (a
   * static member, with {@code group.instance.id}, stays in it on the kafka backend so that it
   * rejoins as itself when restarted within the session timeout).
   *
   * @return true if every stream thread ended within {@code timeout}
   */
  public boolean close(Duration timeout) {
    List<Thread> running;
    synchronized (this) {
      shutdown = true;
      running = List.copyOf(threads);
      if (running.isEmpty()) {
        transition(State.PENDING_SHUTDOWN);
        transition(State.NOT_RUNNING);
        return true;
      }
    }
    transition(State.PENDING_SHUTDOWN);
    long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
    try {
      for (Thread thread : running) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        thread.join(Math.max(1, leftMs));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Thread thread : running) {
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
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
