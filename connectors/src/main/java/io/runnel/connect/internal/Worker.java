package io.runnel.connect.internal;

import io.runnel.connect.ConfigDef;
import io.runnel.connect.ConfigException;
import io.runnel.connect.ConnectException;
import io.runnel.connect.Connector;
import io.runnel.connect.ConnectorConfig;
import io.runnel.connect.Converter;
import io.runnel.connect.ParsedConfig;
import io.runnel.connect.SinkConnector;
import io.runnel.connect.SinkTask;
import io.runnel.connect.SourceConnector;
import io.runnel.connect.SourceTask;
import io.runnel.connect.TaskStatus;
import io.runnel.connect.WorkerConfig;
import io.runnel.connect.convert.Converters;
import io.runnel.streams.log.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core that standalone and distributed workers share: opens the log from the worker
 * configuration, reads the source offsets back, validates connector configurations and splits them
 * into task configurations ({@link #plan}), and runs tasks on their own threads ({@link
 * #startTask}, {@link #stopTask}). Which tasks run here is the caller's decision.
 *
 * <p>Thread-safe: the methods are synchronized; tasks run on threads named {@code
 * connect-<connector>-<task>}. {@link #stopTask} waits for the task's thread, which flushes and
 * stores or commits its offsets.
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final ParsedConfig config;
  private final Log log;
  private final SourceOffsetStore offsets;
  private final TopicCreator topics;
  private final Map<String, Map<Integer, RunningTask>> running = new LinkedHashMap<>();
  private boolean closed;

  /**
   * Validates the worker configuration, opens the log and reads the source offsets.
   *
   * @throws ConfigException naming the bad key
   * @throws ConnectException if the log cannot be reached
   */
  public Worker(ParsedConfig config) {
    this.config = config;
    config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS, 1);
    config.getLong(WorkerConfig.POLL_MS, 1);
    config.getLong(WorkerConfig.RETRY_DELAY_MAX_MS, 1);
    Converters.named(WorkerConfig.KEY_CONVERTER, config.getString(WorkerConfig.KEY_CONVERTER));
    Converters.named(WorkerConfig.VALUE_CONVERTER, config.getString(WorkerConfig.VALUE_CONVERTER));
    try {
      this.log = Log.open(WorkerConfig.logConfig(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(WorkerConfig.BOOTSTRAP_SERVERS, e.getMessage());
    }
    this.topics = new TopicCreator(log, config.getInt(WorkerConfig.TOPIC_CREATION_PARTITIONS, 1));
    this.offsets = new SourceOffsetStore(log, WorkerConfig.offsetsTopic(config));
    try {
      offsets.load();
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    LOG.info("worker started; source offsets in topic '{}'", WorkerConfig.offsetsTopic(config));
  }

  /** The worker configuration. */
  public ParsedConfig config() {
    return config;
  }

  /** The log the worker runs over. */
  public Log log() {
    return log;
  }

  /**
   * Validates a connector configuration (the common keys, the connector's own keys, {@code topics}
   * of a sink), starts the connector to split the work into task configurations, and stops it: the
   * tasks do the work.
   *
   * @throws ConfigException naming the bad key
   */
  public ConnectorPlan plan(Map<String, String> connectorConfig) {
    ParsedConfig common = ConnectorConfig.parse(connectorConfig);
    String name = common.getString(ConnectorConfig.NAME);
    if (name.isEmpty() || name.contains("/")) {
      throw new ConfigException(ConnectorConfig.NAME, "must be non-empty without '/'");
    }
    int maxTasks = common.getInt(ConnectorConfig.TASKS_MAX, 1);
    converter(connectorConfig, ConnectorConfig.KEY_CONVERTER);
    converter(connectorConfig, ConnectorConfig.VALUE_CONVERTER);
    Connector connector =
        ConnectorPlugins.connector(common.getString(ConnectorConfig.CONNECTOR_CLASS));
    ParsedConfig own = connector.config().parse(connectorConfig);
    String type;
    if (connector instanceof SinkConnector) {
      type = "sink";
      inputTopics(connectorConfig);
    } else if (connector instanceof SourceConnector) {
      type = "source";
    } else {
      throw new ConfigException(
          ConnectorConfig.CONNECTOR_CLASS,
          connector.getClass().getName() + " is neither a SourceConnector nor a SinkConnector");
    }
    List<Map<String, String>> taskConfigs = new ArrayList<>();
    connector.start(own);
    try {
      for (Map<String, String> taskConfig : connector.taskConfigs(maxTasks)) {
        Map<String, String> full = new HashMap<>(connectorConfig);
        full.putAll(taskConfig);
        taskConfigs.add(full);
      }
    } finally {
      connector.stop();
    }
    return new ConnectorPlan(name, type, connectorConfig, taskConfigs);
  }

  private static List<String> inputTopics(Map<String, String> connectorConfig) {
    List<String> inputTopics =
        new ConfigDef()
            .required(ConnectorConfig.TOPICS, ConfigDef.Type.LIST, "input topics")
            .parse(connectorConfig)
            .getList(ConnectorConfig.TOPICS);
    if (inputTopics.isEmpty()) {
      throw new ConfigException(ConnectorConfig.TOPICS, "name at least one topic");
    }
    return inputTopics;
  }

  private Converter converter(Map<String, String> connectorConfig, String key) {
    String name = connectorConfig.getOrDefault(key, "").trim();
    return name.isEmpty()
        ? Converters.named(key, config.getString(key))
        : Converters.named(key, name);
  }

  /**
   * Starts task {@code task} of connector {@code connector} with its full configuration (from
   * {@link ConnectorPlan#taskConfigs()}) on a new thread.
   *
   * @throws IllegalStateException if that task runs here already or the worker is closed
   * @throws ConfigException naming the bad key
   */
  public synchronized void startTask(String connector, int task, Map<String, String> taskConfig) {
    if (closed) {
      throw new IllegalStateException("worker is closed");
    }
    Map<Integer, RunningTask> tasks = running.computeIfAbsent(connector, c -> new HashMap<>());
    if (tasks.containsKey(task)) {
      throw new IllegalStateException("task " + connector + "-" + task + " runs already");
    }
    Connector plugin =
        ConnectorPlugins.connector(
            ConnectorConfig.DEF.parse(taskConfig).getString(ConnectorConfig.CONNECTOR_CLASS));
    Converter keyConverter = converter(taskConfig, ConnectorConfig.KEY_CONVERTER);
    Converter valueConverter = converter(taskConfig, ConnectorConfig.VALUE_CONVERTER);
    long flushMs = config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS);
    long pollMs = config.getLong(WorkerConfig.POLL_MS);
    long retryMs = config.getLong(WorkerConfig.RETRY_DELAY_MAX_MS);
    TaskRunner runner;
    if (plugin instanceof SourceConnector) {
      SourceTask sourceTask = ConnectorPlugins.task(((SourceConnector) plugin).taskClass());
      runner =
          new SourceTaskRunner(
              connector, task, sourceTask, taskConfig, log, topics, offsets, keyConverter,
              valueConverter, flushMs, pollMs, retryMs);
    } else {
      List<String> inputTopics = inputTopics(taskConfig);
      for (String topic : inputTopics) {
        topics.partitions(topic);
      }
      SinkTask sinkTask = ConnectorPlugins.task(((SinkConnector) plugin).taskClass());
      runner =
          new SinkTaskRunner(
              connector, task, sinkTask, taskConfig, log, inputTopics, keyConverter,
              valueConverter, flushMs, pollMs, retryMs);
    }
    RunningTask started = new RunningTask(runner);
    tasks.put(task, started);
    started.thread.start();
  }

  /**
   * Stops a task (a source stores its offsets, a sink flushes and commits) and waits for its
   * thread.
   *
   * @return false if that task does not run here
   */
  public boolean stopTask(String connector, int task) {
    RunningTask stopped;
    synchronized (this) {
      Map<Integer, RunningTask> tasks = running.get(connector);
      stopped = tasks == null ? null : tasks.remove(task);
      if (tasks != null && tasks.isEmpty()) {
        running.remove(connector);
      }
    }
    if (stopped == null) {
      return false;
    }
    stopped.stop();
    return true;
  }

  /** Stops every task of {@code connector} running here; returns how many there were. */
  public int stopTasks(String connector) {
    List<Integer> ids;
    synchronized (this) {
      ids = new ArrayList<>(running.getOrDefault(connector, Map.of()).keySet());
    }
    ids.forEach(id -> stopTask(connector, id));
    return ids.size();
  }

  /** The status of task {@code task} of {@code connector} if it runs here, else null. */
  public synchronized TaskStatus taskStatus(String connector, int task) {
    RunningTask t = running.getOrDefault(connector, Map.of()).get(task);
    return t == null ? null : t.runner.status();
  }

  /** The status of every task running here, by connector in start order, tasks by number. */
  public synchronized List<TaskStatus> status() {
    List<TaskStatus> all = new ArrayList<>();
    for (Map<Integer, RunningTask> tasks : running.values()) {
      tasks.keySet().stream().sorted().forEach(id -> all.add(tasks.get(id).runner.status()));
    }
    return all;
  }

  /** Stops every task, then releases the offsets store and the log. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (String connector : connectorsRunning()) {
      stopTasks(connector);
    }
    offsets.close();
    log.close();
  }

  private synchronized List<String> connectorsRunning() {
    return new ArrayList<>(running.keySet());
  }

  /** A task runner and its thread. */
  private static final class RunningTask {
    final TaskRunner runner;
    final Thread thread;

    RunningTask(TaskRunner runner) {
      this.runner = runner;
      this.thread = new Thread(runner, "connect-" + runner.id());
    }

    void stop() {
      runner.stop();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
