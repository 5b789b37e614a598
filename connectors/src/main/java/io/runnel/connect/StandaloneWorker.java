package io.runnel.connect;

import io.runnel.connect.internal.ConnectorPlan;
import io.runnel.connect.internal.Worker;
import io.runnel.connect.rest.RestServer;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * offsets topic back, and runs every task of each connector on its own thread. With {@code
 * rest.port} set (0 = a free port) it also serves the REST API; connectors created there are not
 * persisted (a restarted standalone worker runs what its properties files name).
 *
 * <pre>{@code
 * try (StandaloneWorker worker = new StandaloneWorker(workerProps)) {
 *   worker.startConnector(fileSourceProps);
 *   ...
 * } // stops every task: sources store their offsets, sinks flush and commit
 * }</pre>
 *
 * <p>Thread-safe: the methods are synchronized; tasks run on threads named {@code
 * connect-<connector>-<task>}, REST requests on the REST server's threads.
 */
public final class StandaloneWorker implements ConnectCluster, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneWorker.class);

  private final Worker worker;
  private final RestServer rest;
  private final String workerId;
  /** The connectors by name, each with whether it is paused. Guarded by this. */
  private final Map<String, Entry> connectors = new LinkedHashMap<>();
  private boolean closed;

  /**
   * Opens the log, reads the source offsets and, if {@code rest.port} is set, starts the REST API;
   * see {@link WorkerConfig} for the keys.
   *
   * @throws ConfigException naming the bad key
   * @throws ConnectException if the log cannot be reached or the REST port cannot be bound
   */
  public StandaloneWorker(Map<String, String> workerConfig) {
    this.worker = new Worker(WorkerConfig.DEF.parse(workerConfig));
    try {
      this.rest = RestServer.startIfConfigured(worker.config(), this);
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    this.workerId = rest == null ? "standalone" : rest.workerId();
  }

  /** The REST API's base address ({@code http://127.0.0.1:8083/}), or null if it serves none. */
  public URI restUri() {
    return rest == null ? null : rest.uri();
  }

  @Override
  public String workerId() {
    return workerId;
  }

  /**
   * Validates a connector's configuration, starts it and its tasks.
   *
   * @return the connector's name
   * @throws ConfigException naming the bad key; nothing is started then
   * @throws ConflictException if a connector of that name runs already
   */
  public String startConnector(Map<String, String> connectorConfig) {
    return create(connectorConfig).name();
  }

  @Override
  public synchronized ConnectorInfo create(Map<String, String> config) {
    checkOpen();
    ConnectorPlan plan = worker.plan(config);
    if (connectors.containsKey(plan.name())) {
      throw new ConflictException("connector '" + plan.name() + "' exists already");
    }
    connectors.put(plan.name(), new Entry(plan));
    startTasks(plan);
    LOG.info("connector '{}' started with {} task(s)", plan.name(), plan.taskConfigs().size());
    return info(plan);
  }

  @Override
  public synchronized Update putConfig(String name, Map<String, String> config) {
    checkOpen();
    Map<String, String> named = ConfigBodies.withName(name, config);
    Entry existing = connectors.get(name);
    if (existing == null) {
      return new Update(create(named), true);
    }
    ConnectorPlan plan = worker.plan(named);
    worker.stopTasks(name);
    existing.plan = plan;
    if (!existing.paused) {
      startTasks(plan);
    }
    LOG.info("connector '{}' reconfigured with {} task(s)", name, plan.taskConfigs().size());
    return new Update(info(plan), false);
  }

  private void startTasks(ConnectorPlan plan) {
    for (int i = 0; i < plan.taskConfigs().size(); i++) {
      worker.startTask(plan.name(), i, plan.taskConfigs().get(i));
    }
  }

  private static ConnectorInfo info(ConnectorPlan plan) {
    return new ConnectorInfo(plan.name(), plan.config(), plan.taskConfigs().size(), plan.type());
  }

  /**
   * Stops a connector's tasks (sources store their offsets, sinks flush and commit) and forgets
   * it; waits for them.
   *
   * @return false if no connector of that name runs
   */
  public synchronized boolean stopConnector(String name) {
    if (connectors.remove(name) == null) {
      return false;
    }
    worker.stopTasks(name);
    LOG.info("connector '{}' stopped", name);
    return true;
  }

  @Override
  public synchronized void delete(String name) {
    if (!stopConnector(name)) {
      throw new NotFoundException(name);
    }
  }

  @Override
  public synchronized List<String> connectors() {
    return List.copyOf(connectors.keySet());
  }

  @Override
  public synchronized ConnectorInfo connector(String name) {
    return info(entry(name).plan);
  }

  @Override
  public synchronized ConnectorStatus status(String name) {
    Entry entry = entry(name);
    List<TaskStatus> tasks = new ArrayList<>();
    for (int i = 0; i < entry.plan.taskConfigs().size(); i++) {
      tasks.add(taskStatus(name, i, entry.paused));
    }
    return new ConnectorStatus(
        name,
        entry.plan.type(),
        entry.paused ? TaskStatus.State.PAUSED : TaskStatus.State.RUNNING,
        workerId,
        tasks);
  }

  private TaskStatus taskStatus(String name, int task, boolean paused) {
    TaskStatus running = worker.taskStatus(name, task);
    if (running == null) {
      return new TaskStatus(
          name,
          task,
          paused ? TaskStatus.State.PAUSED : TaskStatus.State.UNASSIGNED,
          null,
          workerId);
    }
    return running.withWorker(workerId);
  }

  @Override
  public synchronized void pause(String name) {
    Entry entry = entry(name);
    if (!entry.paused) {
      entry.paused = true;
      worker.stopTasks(name);
      LOG.info("connector '{}' paused", name);
    }
  }

  @Override
  public synchronized void resume(String name) {
    Entry entry = entry(name);
    if (entry.paused) {
      entry.paused = false;
      startTasks(entry.plan);
      LOG.info("connector '{}' resumed", name);
    }
  }

  @Override
  public synchronized void restart(String name) {
    Entry entry = entry(name);
    worker.stopTasks(name);
    if (!entry.paused) {
      startTasks(entry.plan);
    }
    LOG.info("connector '{}' restarted", name);
  }

  private Entry entry(String name) {
    Entry entry = connectors.get(name);
    if (entry == null) {
      throw new NotFoundException(name);
    }
    return entry;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("worker is closed");
    }
  }

  /** The status of every task of every connector running here (not of paused ones). */
  public List<TaskStatus> status() {
    return worker.status();
  }

  /** Stops the REST API and every connector, then releases the log. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (rest != null) {
      rest.close();
    }
    synchronized (this) {
      connectors.clear();
    }
    worker.close();
  }

  /**
   * The entry point of {@code bin/runnel connect}: starts a worker from {@code workerProperties}
   * (with the REST API on port 8083 unless {@code rest.port} says otherwise) and one connector per
   * file of {@code connectorProperties}, then blocks until the JVM shuts down (Ctrl-C), when it
   * stops everything cleanly.
   *
   * @throws ConfigException naming the bad key; {@link ConnectException} naming an unreadable file
   */
  public static void run(Path workerProperties, List<Path> connectorProperties) {
    StandaloneWorker worker =
        new StandaloneWorker(ConfigBodies.withRestDefault(readProperties(workerProperties)));
    try {
      for (Path path : connectorProperties) {
        worker.startConnector(readProperties(path));
      }
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    if (worker.restUri() != null) {
      LOG.info("REST API on {}", worker.restUri());
    }
    blockUntilShutdown(worker);
  }

  /** Blocks until the JVM shuts down, then closes {@code worker}. */
  static void blockUntilShutdown(AutoCloseable worker) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                worker.close();
              } catch (Exception e) {
                LOG.warn("closing the worker failed", e);
              }
              stopped.countDown();
            },
            "connect-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  /** A connector of this worker. Guarded by the worker's lock. */
  private static final class Entry {
    ConnectorPlan plan;
    boolean paused;

    Entry(ConnectorPlan plan) {
      this.plan = plan;
    }
  }
}
