package io.runnel.streams.internal;

import io.runnel.state.Bytes;
import io.runnel.state.KeyValueStore;
import io.runnel.state.WindowStore;
import io.runnel.state.changelog.RestoreListener;
import io.runnel.state.changelog.StateRestorer;
import io.runnel.state.rocksdb.RocksDBResources;
import io.runnel.streams.StreamsConfig;
import io.runnel.streams.log.Log;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogProducer;
import io.runnel.streams.log.LogRecord;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * <p>Not thread-safe: every method is called by the one thread that runs the loop (or, in the test
 * driver, by the test's thread). Rebalance callbacks run inside {@link #runOnce}.
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
    this.graph = graph;
    this.config = config;
    this.log = log;
    this.resources = resources;
    this.restorer = new StateRestorer(restoreListener);
    this.stateListener = stateListener;
    this.clockMs = clockMs;
  }

  /** Checks and creates the topics, then joins the group (assignment comes with the first poll). */
  public void start() {
    topicPartitions =
        new TopicPartitionCounts(log, InternalTopics.prepare(log, graph, config.applicationId()));
    producer = log.newProducer();
    restoreConsumer = log.newConsumer(null);
    consumer = log.newConsumer(config.applicationId());
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
    commit();
    closeTasks();
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    stateListener.onRebalancing();
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
    for (StreamTask task : tasks.values()) {
      task.globalStores(globalStores);
      restoredRecords += task.restore(restorer, restoreConsumer);
    }
    LOG.info(
        "application {}: running tasks {} (restored {} records so far)",
        config.applicationId(),
        tasks.keySet(),
        restoredRecords);
    stateListener.onRunning();
  }

  /** Sets the instance's global stores, which tasks created from now on read; before start. */
  public void globalStores(GlobalStores globalStores) {
    this.globalStores = globalStores;
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
    try {
      if (consumer != null) {
        commit();
      }
    } finally {
      closeTasks();
      if (consumer != null) {
        consumer.close();
        restoreConsumer.close();
        producer.close();
      }
    }
  }
}
