package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.WindowStore;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.StateRestorer;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.StreamsException;
import io.runnel.streams.log.GroupMember;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TaskOwner;
import io.runnel.streams.log.TopicPartition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing loop of one stream thread: a group consumer of the input and repartition topics,
 * one producer, a restore consumer, and the tasks of the partitions the group gave it. Tasks are
 * created (and restored from their changelogs, before any processing) when partitions are assigned,
 * and committed and closed when they are revoked.
 *
 * <p>Commit, in this order (at-least-once): flush every task's stores (caches write down, tables
 * emit), flush the producer, write each task's checkpoint, commit the input offsets.
 *
 * <p>The thread joins the group as a {@link GroupMember} claiming the tasks it owned last (or, after
 * a restart, those with a checkpoint in the state directory), so the assignment keeps tasks where
 * their state is.
 *
 * <p>Not thread-safe: every method is called by the one thread that runs the loop (or, in the test
 * driver, by the test's thread), except {@link #query}, {@link #groupTasks}, {@link #metrics} and
 * {@link #claimedTasks}, which any thread may call. Rebalance callbacks run inside {@link #runOnce}.
 * The thread holds its query lock while it processes a poll's records, commits, and opens or
 * closes tasks, so a query sees stores between records, never a task being closed.
 */
public final class StreamThread implements RebalanceListener, AutoCloseable {
  /** Hears the thread move between rebalancing and running. Called on the stream thread. */
  public interface StateListener {
    /** Partitions are being revoked or assigned; tasks are restoring. */
    void onRebalancing();

    /** Tasks are assigned, restored and processing. */
    void onRunning();
  }

  private static final Logger LOG = LoggerFactory.getLogger(StreamThread.class);

  private final TopologyGraph graph;
  private final StreamsConfig config;
  private final Log log;
  private final RocksDBResources resources;
  private final StateRestorer restorer;
  private final StateListener stateListener;
  private final LongSupplier clockMs;
  private final SendFailures failures = new SendFailures();
  private final StreamMetrics metrics = new StreamMetrics();
  private final Map<Integer, StreamTask> tasks = new TreeMap<>();
  private final int index;
  private final ReentrantLock queryLock = new ReentrantLock();
  private volatile Map<Integer, StreamTask> queryable = Map.of();
  private volatile boolean rebalancing = true;
  private volatile Set<Integer> ownedTasks = Set.of();
  private volatile boolean assignedOnce;
  private volatile List<TaskOwner> groupTasks = List.of();
  private TopicPartitionCounts topicPartitions;
  private LogConsumer consumer;
  private LogConsumer restoreConsumer;
  private LogProducer producer;
  private long lastCommitMs;
  private long restoredRecords;
  private GlobalStores globalStores = GlobalStores.NONE;

  /**
   * A thread of {@code graph}; nothing happens until {@link #start()}.
   *
   * @param clockMs wall clock for the commit interval and wall-clock punctuation
   */
  public StreamThread(
      TopologyGraph graph,
      StreamsConfig config,
      Log log,
      RocksDBResources resources,
      RestoreListener restoreListener,
      StateListener stateListener,
      LongSupplier clockMs) {
    this(graph, config, log, resources, restoreListener, stateListener, clockMs, 1);
  }

  /**
   * Thread number {@code index} (from 1) of an instance: with {@code group.instance.id} set it
   * joins the group as {@code <group.instance.id>-<index>}.
   */
  public StreamThread(
      TopologyGraph graph,
      StreamsConfig config,
      Log log,
      RocksDBResources resources,
      RestoreListener restoreListener,
      StateListener stateListener,
      LongSupplier clockMs,
      int index) {
    this.index = index;
    this.graph = graph;
    this.config = config;
    this.log = log;
    this.resources = resources;
    this.restorer =
        new StateRestorer(
            new LoggingRestoreListener(
                "application " + config.applicationId() + " thread " + index, restoreListener));
    this.stateListener = stateListener;
    this.clockMs = clockMs;
  }

  /** Checks and creates the topics, then joins the group (assignment comes with the first poll). */
  public void start() {
    topicPartitions =
        new TopicPartitionCounts(log, InternalTopics.prepare(log, graph, config.applicationId()));
    producer = log.newProducer();
    restoreConsumer = log.newConsumer(null);
    String instanceId =
        config.groupInstanceId() == null ? null : config.groupInstanceId() + "-" + index;
    consumer =
        log.newConsumer(
            config.applicationId(),
            new GroupMember(instanceId, config.applicationServer(), this::claimedTasks));
    List<String> topics = new ArrayList<>(graph.externalSourceTopics());
    for (String suffix : graph.repartitionTopics()) {
      topics.add(config.applicationId() + "-" + suffix);
    }
    consumer.subscribe(topics, this);
    lastCommitMs = clockMs.getAsLong();
  }

  /**
   * Polls once, processes what came, and commits if the commit interval has passed.
   *
   * @return the number of records processed
   */
  public int runOnce(Duration pollTimeout) {
    List<LogRecord> records = consumer.poll(pollTimeout);
    queryLock.lock();
    try {
      for (LogRecord record : records) {
        StreamTask task = tasks.get(record.partition());
        if (task == null) {
          throw new IllegalStateException("no task for " + record.topicPartition());
        }
        task.process(record);
      }
      long now = clockMs.getAsLong();
      for (StreamTask task : tasks.values()) {
        task.punctuateWallClock(now);
      }
      if (clockMs.getAsLong() - lastCommitMs >= config.commitIntervalMs()) {
        commit();
      }
    } finally {
      queryLock.unlock();
    }
    return records.size();
  }

  /** Commits every task now (see the class comment for the order). */
  public void commit() {
    lastCommitMs = clockMs.getAsLong();
    if (tasks.isEmpty()) {
      return;
    }
    for (StreamTask task : tasks.values()) {
      task.flushStores();
    }
    producer.flush();
    failures.check();
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (StreamTask task : tasks.values()) {
      task.writeCheckpoint();
      offsets.putAll(task.offsets());
    }
    if (!offsets.isEmpty()) {
      consumer.commit(offsets);
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    stateListener.onRebalancing();
    queryLock.lock();
    try {
      rebalancing = true;
      queryable = Map.of();
      commit();
      closeTasks();
    } finally {
      queryLock.unlock();
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    stateListener.onRebalancing();
    queryLock.lock();
    try {
      rebalancing = true;
      queryable = Map.of();
      closeTasks();
      for (TopicPartition tp : partitions) {
        tasks.computeIfAbsent(
            tp.partition(),
            p ->
                new StreamTask(
                    p,
                    graph,
                    config,
                    producer,
                    failures,
                    topicPartitions,
                    resources,
                    metrics,
                    clockMs));
      }
    } finally {
      queryLock.unlock();
    }
    ownedTasks = Set.copyOf(tasks.keySet());
    assignedOnce = true;
    // Restore outside the query lock: queries meanwhile get a retriable "rebalancing" error.
    long restoredNow = 0;
    for (StreamTask task : tasks.values()) {
      task.globalStores(globalStores);
      restoredNow += task.restore(restorer, restoreConsumer);
    }
    restoredRecords += restoredNow;
    metrics.recordRestored(restoredNow);
    groupTasks = consumer.groupTasks();
    queryLock.lock();
    try {
      queryable = Map.copyOf(tasks);
      rebalancing = false;
    } finally {
      queryLock.unlock();
    }
    LOG.info(
        "application {}: thread {} running tasks {} (restored {} records now, {} since start)",
        config.applicationId(),
        index,
        tasks.keySet(),
        restoredNow,
        restoredRecords);
    stateListener.onRunning();
  }

  /** Sets the instance's global stores, which tasks created from now on read; before start. */
  public void globalStores(GlobalStores globalStores) {
    this.globalStores = globalStores;
  }

  /**
   * Runs {@code query} on this thread's tasks (by task partition) under the thread's query lock, so
   * the stream thread does not process, commit or close tasks meanwhile. Any thread may call it.
   *
   * @throws io.runnel.streams.query.InvalidStateStoreException (retriable) if the thread is rebalancing
   */
  <T> T query(String store, Function<Map<Integer, StreamTask>, T> query) {
    queryLock.lock();
    try {
      if (rebalancing) {
        throw new io.runnel.streams.query.InvalidStateStoreException(
            "state store '"
                + store
                + "' of application '"
                + config.applicationId()
                + "' is not available while its tasks are rebalancing; retry");
      }
      return query.apply(queryable);
    } finally {
      queryLock.unlock();
    }
  }

  /**
   * Every member's tasks and endpoint as of this thread's latest assignment. Any thread may call
   * it.
   */
  public List<TaskOwner> groupTasks() {
    return groupTasks;
  }

  /** Whether the thread is between a revocation and the end of its tasks' restore. */
  public boolean rebalancing() {
    return rebalancing;
  }

  /**
   * The tasks this thread claims when it (re)joins the group: those it owned last, or before its
   * first assignment those with a checkpoint in the state directory (after a restart). Any thread
   * may call it.
   */
  public Set<Integer> claimedTasks() {
    if (assignedOnce) {
      return ownedTasks;
    }
    Set<Integer> found = new TreeSet<>();
    Path appDir = config.stateDir().resolve(config.applicationId());
    if (!Files.isDirectory(appDir)) {
      return found;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(appDir, "0_*")) {
      for (Path dir : dirs) {
        if (Files.exists(dir.resolve(".checkpoint"))) {
          try {
            found.add(Integer.parseInt(dir.getFileName().toString().substring(2)));
          } catch (NumberFormatException e) {
            // not a task directory
          }
        }
      }
    } catch (IOException e) {
      throw new StreamsException("cannot list task directories in " + appDir + ": " + e, e);
    }
    return found;
  }

  /**
   * The thread's tasks and whether it is rebalancing, in a line for a person diagnosing it. Any
   * thread may call it.
   */
  public String describe() {
    return "tasks " + new TreeSet<>(ownedTasks) + (rebalancing ? ", rebalancing" : ", running");
  }

  /** The byte stores named {@code name} of every task, by task partition. */
  public Map<Integer, KeyValueStore<Bytes, byte[]>> stores(String name) {
    Map<Integer, KeyValueStore<Bytes, byte[]>> out = new TreeMap<>();
    tasks.forEach((partition, task) -> out.put(partition, task.store(name)));
    return out;
  }

  /** The window stores named {@code name} of every task, by task partition. */
  public Map<Integer, WindowStore<Bytes, byte[]>> windowStores(String name) {
    Map<Integer, WindowStore<Bytes, byte[]>> out = new TreeMap<>();
    tasks.forEach((partition, task) -> out.put(partition, task.windowStore(name)));
    return out;
  }

  /** The thread's counters; unlike the rest of this class, safe to read from any thread. */
  public StreamMetrics metrics() {
    return metrics;
  }

  /** Records restored from changelogs since this thread started. */
  public long restoredRecords() {
    return restoredRecords;
  }

  private void closeTasks() {
    for (StreamTask task : tasks.values()) {
      task.close();
    }
    tasks.clear();
  }

  /** Commits, closes the tasks, leaves the group and releases the clients. */
  @Override
  public void close() {
    queryLock.lock();
    try {
      rebalancing = true;
      queryable = Map.of();
      if (consumer != null) {
        commit();
      }
    } finally {
      try {
        closeTasks();
      } finally {
        queryLock.unlock();
        if (consumer != null) {
          consumer.close();
          restoreConsumer.close();
          producer.close();
        }
      }
    }
  }
}
