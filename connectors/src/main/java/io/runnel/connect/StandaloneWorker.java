package io.runnel.connect;

import io.runnel.connect.convert.Converters;
import io.runnel.connect.internal.ConnectorPlugins;
import io.runnel.connect.internal.SinkTaskRunner;
import io.runnel.connect.internal.SourceOffsetStore;
import io.runnel.connect.internal.SourceTaskRunner;
import io.runnel.connect.internal.TaskRunner;
import io.runnel.connect.internal.TopicCreator;
import io.runnel.streams.log.Log;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs connectors in this process (what {@code bin/runnel connect worker.properties
 * connector.properties ...} does): opens the log from the worker configuration, reads the source
 * offsets topic back, and runs each connector's tasks on their own threads.
 *
 * <pre>{@code
 * try (StandaloneWorker worker = new StandaloneWorker(workerProps)) {
 *   worker.startConnector(fileSourceProps);
 *   ...
 * } // stops every task: sources store their offsets, sinks flush and commit
 * }</pre>
 *
 * <p>Thread-safe: the methods are synchronized; tasks run on threads named {@code
 * connect-<connector>-<task>}.
 */
public final class StandaloneWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneWorker.class);

  private final ParsedConfig config;
  private final Log log;
  private final SourceOffsetStore offsets;
  private final TopicCreator topics;
  private final Map<String, RunningConnector> connectors = new LinkedHashMap<>();
  private boolean closed;

  /**
   * Opens the log and reads the source offsets; see {@link WorkerConfig} for the keys.
   *
   * @throws ConfigException naming the bad key
   * @throws ConnectException if the log cannot be reached
   */
  public StandaloneWorker(Map<String, String> workerConfig) {
    this.config = WorkerConfig.DEF.parse(workerConfig);
    config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS, 1);
    config.getLong(WorkerConfig.POLL_MS, 1);
    config.getLong(WorkerConfig.RETRY_DELAY_MAX_MS, 1);
    Converters.named(WorkerConfig.KEY_CONVERTER, config.getString(WorkerConfig.KEY_CONVERTER));
    Converters.named(WorkerConfig.VALUE_CONVERTER, config.getString(WorkerConfig.VALUE_CONVERTER));
    Map<String, String> logConfig = new HashMap<>();
    for (String key :
        List.of(
            WorkerConfig.LOG_BACKEND,
            WorkerConfig.BOOTSTRAP_SERVERS,
            WorkerConfig.LOG_MEMORY_NAME)) {
      logConfig.put(key, config.getString(key));
    }
    try {
      this.log = Log.open(logConfig);
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

  /**
   * Validates a connector's configuration, starts it and its tasks.
   *
   * @return the connector's name
   * @throws ConfigException naming the bad key; nothing is started then
   * @throws IllegalStateException if a connector of that name runs already
   */
  public synchronized String startConnector(Map<String, String> connectorConfig) {
    if (closed) {
      throw new IllegalStateException("worker is closed");
    }
    ParsedConfig common = ConnectorConfig.parse(connectorConfig);
    String name = common.getString(ConnectorConfig.NAME);
    if (connectors.containsKey(name)) {
      throw new IllegalStateException("connector '" + name + "' is already running");
    }
    int maxTasks = common.getInt(ConnectorConfig.TASKS_MAX, 1);
    Converter keyConverter = converter(common, ConnectorConfig.KEY_CONVERTER);
    Converter valueConverter = converter(common, ConnectorConfig.VALUE_CONVERTER);
    Connector connector =
        ConnectorPlugins.connector(common.getString(ConnectorConfig.CONNECTOR_CLASS));
    ParsedConfig own = connector.config().parse(connectorConfig);
    List<String> inputTopics = null;
    if (connector instanceof SinkConnector) {
      inputTopics =
          new ConfigDef()
              .required(ConnectorConfig.TOPICS, ConfigDef.Type.LIST, "input topics")
              .parse(connectorConfig)
              .getList(ConnectorConfig.TOPICS);
      if (inputTopics.isEmpty()) {
        throw new ConfigException(ConnectorConfig.TOPICS, "name at least one topic");
      }
    } else if (!(connector instanceof SourceConnector)) {
      throw new ConfigException(
          ConnectorConfig.CONNECTOR_CLASS,
          connector.getClass().getName() + " is neither a SourceConnector nor a SinkConnector");
    }
    connector.start(own);
    List<Map<String, String>> taskConfigs = connector.taskConfigs(maxTasks);
    RunningConnector running = new RunningConnector(connector);
    for (int i = 0; i < taskConfigs.size(); i++) {
      Map<String, String> taskConfig = new HashMap<>(connectorConfig);
      taskConfig.putAll(taskConfigs.get(i));
      TaskRunner runner;
      if (connector instanceof SourceConnector) {
        SourceTask task = ConnectorPlugins.task(((SourceConnector) connector).taskClass());
        runner =
            new SourceTaskRunner(
                name,
                i,
                task,
                taskConfig,
                log,
                topics,
                offsets,
                keyConverter,
                valueConverter,
                config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS),
                config.getLong(WorkerConfig.POLL_MS),
                config.getLong(WorkerConfig.RETRY_DELAY_MAX_MS));
      } else {
        for (String topic : inputTopics) {
          topics.partitions(topic);
        }
        SinkTask task = ConnectorPlugins.task(((SinkConnector) connector).taskClass());
        runner =
            new SinkTaskRunner(
                name,
                i,
                task,
                taskConfig,
                log,
                inputTopics,
                keyConverter,
                valueConverter,
                config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS),
                config.getLong(WorkerConfig.POLL_MS),
                config.getLong(WorkerConfig.RETRY_DELAY_MAX_MS));
      }
      running.start(runner);
    }
    connectors.put(name, running);
    LOG.info("connector '{}' started with {} task(s)", name, taskConfigs.size());
    return name;
  }

  private Converter converter(ParsedConfig common, String key) {
    String name = common.getString(key);
    return name.isEmpty()
        ? Converters.named(key, config.getString(key))
        : Converters.named(key, name);
  }

  /**
   * Stops a connector's tasks (sources store their offsets, sinks flush and commit) and then the
   * connector; waits for them.
   *
   * @return false if no connector of that name runs
   */
  public synchronized boolean stopConnector(String name) {
    RunningConnector running = connectors.remove(name);
    if (running == null) {
      return false;
    }
    running.stop();
    LOG.info("connector '{}' stopped", name);
    return true;
  }

  /** The names of the running connectors. */
  public synchronized List<String> connectors() {
    return List.copyOf(connectors.keySet());
  }

  /** The status of every task of every running connector. */
  public synchronized List<TaskStatus> status() {
    List<TaskStatus> all = new ArrayList<>();
    for (RunningConnector running : connectors.values()) {
      for (TaskRunner runner : running.runners) {
        all.add(runner.status());
      }
    }
    return all;
  }

  /** Stops every connector, then releases the log. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String name : List.copyOf(connectors.keySet())) {
      stopConnector(name);
    }
    offsets.close();
    log.close();
  }

  /**
   * The entry point of {@code bin/runnel connect}: starts a worker from {@code workerProperties}
   * and one connector per file of {@code connectorProperties}, then blocks until the JVM shuts down
   * (Ctrl-C), when it stops everything cleanly.
   *
   * @throws ConfigException naming the bad key; {@link ConnectException} naming an unreadable file
   */
  public static void run(Path workerProperties, List<Path> connectorProperties) {
    StandaloneWorker worker = new StandaloneWorker(readProperties(workerProperties));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              worker.close();
              stopped.countDown();
            },
            "connect-shutdown");
    try {
      for (Path path : connectorProperties) {
        worker.startConnector(readProperties(path));
      }
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.close();
    }
  }

  /**
   * A properties file as a map.
   *
   * @throws ConnectException naming the file if it cannot be read
   */
  public static Map<String, String> readProperties(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConnectException("cannot read properties file " + path, e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      map.put(key, properties.getProperty(key));
    }
    return map;
  }

  /** A started connector and its task threads. Guarded by the worker's lock. */
  private static final class RunningConnector {
    private final Connector connector;
    private final List<TaskRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    RunningConnector(Connector connector) {
      this.connector = connector;
    }

    void start(TaskRunner runner) {
      Thread thread = new Thread(runner, "connect-" + runner.id());
      runners.add(runner);
      threads.add(thread);
      thread.start();
    }

    void stop() {
      runners.forEach(TaskRunner::stop);
      for (Thread thread : threads) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      connector.stop();
    }
  }
}
