package io.runnel.connect;

import io.runnel.connect.internal.ClusterState;
import io.runnel.connect.internal.ClusterStore;
import io.runnel.connect.internal.ConnectorPlan;
import io.runnel.connect.internal.TaskSlots;
import io.runnel.connect.internal.Worker;
import io.runnel.connect.rest.RestServer;
import io.runnel.streams.log.LogConsumer;
import io.runnel.streams.log.LogException;
import io.runnel.streams.log.RebalanceListener;
import io.runnel.streams.log.TopicPartition;
import io.runnel.streams.log.TopicSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker of a distributed group (what {@code bin/runnel connect-distributed worker.properties}
 * runs): workers with the same {@code group.id} share connectors and tasks through the log.
 *
 * <ul>
 *   <li><b>Configurations</b> live in the compacted config topic ({@code config.storage.topic});
 *       a request on any worker writes there and every worker reads it (see {@link
 *       io.runnel.connect.internal.ClusterStore} for the records).
 *   <li><b>Tasks</b> are shared through group membership: every worker subscribes, as a member of
 *       the group {@code group.id}, to the task slots topic ({@code task.slots} partitions); the
 *       log gives each live worker some slots, and a worker runs the tasks that map to its slots
 *       ({@link TaskSlots}). When a worker leaves or stops heartbeating for {@code
 *       session.timeout.ms}, the group hands its slots, and so its tasks, to the others.
 *   <li><b>Task states</b> go to the compacted status topic ({@code status.storage.topic}), so
 *       any worker answers {@code GET /connectors/<name>/status} for all of them.
 *   <li><b>Offsets</b> stay where the standalone worker keeps them: source offsets in the offsets
 *       topic, sink progress in each sink's consumer group {@code connect-<connector>}, which
 *       also balances a sink's partitions over its tasks.
 * </ul>
 *
 * <p>Threading: one herder thread ({@code connect-herder}) owns the group membership and the
 * reading of the config and status topics, and starts and stops this worker's tasks; requests
 * (REST threads, any caller) write to the config topic and wait until this worker read their
 * record back. Tasks run on their own threads. Thread-safe.
 */
public final class DistributedWorker implements ConnectCluster, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedWorker.class);
  private static final Duration SLOT_POLL = Duration.ofMillis(100);
  private static final Duration STATE_POLL = Duration.ofMillis(20);

  private final Worker worker;
  private final ClusterStore store;
  private final TaskSlots slots;
  private final String slotsTopic;
  private final String groupId;
  private final RestServer rest;
  private final String workerId;
  private final Thread herder;
  private volatile boolean closing;

  // Owned by the herder thread.
  private final Set<Integer> ownedSlots = new HashSet<>();
  private final Map<TaskKey, LocalTask> local = new HashMap<>();

  /**
   * Joins the group: opens the log, reads the source offsets and the config and status topics,
   * starts the REST API if {@code rest.port} is set, and starts the herder thread.
   *
   * @throws ConfigException naming the bad key
   * @throws ConnectException if the log cannot be reached
   */
  public DistributedWorker(Map<String, String> workerConfig) {
    ParsedConfig config = WorkerConfig.DEF.parse(workerConfig);
    try {
      this.slots = new TaskSlots(config.getInt(WorkerConfig.TASK_SLOTS, 1));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(WorkerConfig.TASK_SLOTS, e.getMessage());
    }
    this.worker = new Worker(config);
    this.groupId = config.getString(WorkerConfig.GROUP_ID);
    this.slotsTopic = WorkerConfig.taskSlotsTopic(config);
    this.store =
        new ClusterStore(
            worker.log(), WorkerConfig.configTopic(config), WorkerConfig.statusTopic(config));
    RestServer started = null;
    try {
      createSlotsTopic();
      store.load();
      started = RestServer.startIfConfigured(config, this);
    } catch (RuntimeException e) {
      store.close();
      worker.close();
      throw e;
    }
    this.rest = started;
    this.workerId =
        rest == null
            ? config.getString(WorkerConfig.REST_HOST) + "/" + UUID.randomUUID()
            : rest.workerId();
    this.herder = new Thread(this::runHerder, "connect-herder");
    herder.start();
    LOG.info(
        "worker {} joined group '{}' ({} task slots in topic '{}')",
        workerId,
        groupId,
        slots.count(),
        slotsTopic);
  }

  private void createSlotsTopic() {
    worker.log().createTopic(TopicSpec.of(slotsTopic, slots.count()));
    int actual = worker.log().describeTopic(slotsTopic).orElseThrow().partitions();
    if (actual != slots.count()) {
      throw new ConfigException(
          WorkerConfig.TASK_SLOTS,
          "topic '" + slotsTopic + "' has " + actual + " partitions; set " + WorkerConfig.TASK_SLOTS
              + "=" + actual + " on every worker of group '" + groupId + "'");
    }
  }

  /** The REST API's base address, or null if it serves none. */
  public URI restUri() {
    return rest == null ? null : rest.uri();
  }

  @Override
  public String workerId() {
    return workerId;
  }

  // ---- requests: write to the config topic, wait until this worker read it back ----

  @Override
  public List<String> connectors() {
    return store.state().connectors().stream().map(c -> c.plan().name()).toList();
  }

  @Override
  public ConnectorInfo connector(String name) {
    return info(entry(name).plan());
  }

  @Override
  public ConnectorInfo create(Map<String, String> config) {
    ConnectorPlan plan = worker.plan(config);
    if (store.state().connector(plan.name()) != null) {
      throw new ConflictException("connector '" + plan.name() + "' exists already");
    }
    store.awaitApplied(store.writeConnector(plan));
    LOG.info("connector '{}' created with {} task(s)", plan.name(), plan.taskConfigs().size());
    return info(plan);
  }

  @Override
  public Update putConfig(String name, Map<String, String> config) {
    ConnectorPlan plan = worker.plan(ConfigBodies.withName(name, config));
    boolean created = store.state().connector(name) == null;
    store.awaitApplied(store.writeConnector(plan));
    LOG.info("connector '{}' {} with {} task(s)", name, created ? "created" : "reconfigured",
        plan.taskConfigs().size());
    return new Update(info(plan), created);
  }

  @Override
  public ConnectorStatus status(String name) {
    ClusterState.ConnectorEntry entry = entry(name);
    List<TaskStatus> tasks = new ArrayList<>();
    for (int t = 0; t < entry.plan().taskConfigs().size(); t++) {
      TaskStatus reported = store.state().status(name, t);
      if (entry.paused()) {
        tasks.add(
            new TaskStatus(name, t, TaskStatus.State.PAUSED, null,
                reported == null ? null : reported.workerId()));
      } else if (reported == null) {
        tasks.add(new TaskStatus(name, t, TaskStatus.State.UNASSIGNED, null, null));
      } else {
        tasks.add(reported);
      }
    }
    return new ConnectorStatus(
        name,
        entry.plan().type(),
        entry.paused() ? TaskStatus.State.PAUSED : TaskStatus.State.RUNNING,
        workerId,
        tasks);
  }

  @Override
  public void pause(String name) {
    entry(name);
    store.awaitApplied(store.writePaused(name, true));
    LOG.info("connector '{}' paused", name);
  }

  @Override
  public void resume(String name) {
    entry(name);
    store.awaitApplied(store.writePaused(name, false));
    LOG.info("connector '{}' resumed", name);
  }

  @Override
  public void restart(String name) {
    entry(name);
    store.awaitApplied(store.writeRestart(name, UUID.randomUUID().toString()));
    LOG.info("connector '{}' restart requested", name);
  }

  @Override
  public void delete(String name) {
    ClusterState.ConnectorEntry entry = entry(name);
    store.awaitApplied(store.writeDeleted(name, entry.plan().taskConfigs().size()));
    LOG.info("connector '{}' deleted", name);
  }

  private ClusterState.ConnectorEntry entry(String name) {
    ClusterState.ConnectorEntry entry = store.state().connector(name);
    if (entry == null) {
      throw new NotFoundException(name);
    }
    return entry;
  }

  private static ConnectorInfo info(ConnectorPlan plan) {
    return new ConnectorInfo(plan.name(), plan.config(), plan.taskConfigs().size(), plan.type());
  }

  // ---- the herder thread ----

  private void runHerder() {
    LogConsumer membership = worker.log().newConsumer(groupId);
    try {
      membership.subscribe(List.of(slotsTopic), new SlotListener());
      while (!closing) {
        try {
          membership.poll(SLOT_POLL);
          store.poll(STATE_POLL);
          reconcile();
        } catch (LogException | ConnectException e) {
          // The log is unreachable for a moment: tasks keep running; try again.
          LOG.warn("worker {}: {}; retrying in 1 s", workerId, e.getMessage());
          sleepQuietly(1000);
        } catch (RuntimeException e) {
          LOG.error("worker {}: unexpected failure; retrying in 1 s", workerId, e);
          sleepQuietly(1000);
        }
      }
    } finally {
      stopAll();
      membership.close();
      store.close();
    }
  }

  /** Starts the tasks of owned slots that should run, stops the others; reports task states. */
  private void reconcile() {
    Map<TaskKey, Desired> desired = new HashMap<>();
    int k = 0;
    for (ClusterState.ConnectorEntry c : store.state().connectors()) {
      List<Map<String, String>> tasks = c.plan().taskConfigs();
      for (int t = 0; t < tasks.size(); t++, k++) {
        if (!c.paused() && ownedSlots.contains(slots.slot(k))) {
          desired.put(
              new TaskKey(c.plan().name(), t), new Desired(tasks.get(t), c.offset(), c.restartId()));
        }
      }
    }
    for (Map.Entry<TaskKey, LocalTask> e : new ArrayList<>(local.entrySet())) {
      Desired want = desired.get(e.getKey());
      if (want == null || !want.sameRun(e.getValue().started)) {
        stop(e.getKey());
      }
    }
    for (Map.Entry<TaskKey, Desired> e : desired.entrySet()) {
      if (!local.containsKey(e.getKey())) {
        start(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<TaskKey, LocalTask> e : local.entrySet()) {
      LocalTask task = e.getValue();
      TaskStatus now = task.failedToStart;
      if (now == null) {
        now = worker.taskStatus(e.getKey().connector(), e.getKey().task());
      }
      if (now != null) {
        now = now.withWorker(workerId);
        // Another worker may have written last (it ran the task for a moment while the group
        // moved it): the worker running it now writes again, so the topic ends up telling the truth.
        TaskStatus seen = store.state().status(e.getKey().connector(), e.getKey().task());
        boolean overwritten = seen != null && !workerId.equals(seen.workerId());
        if (!now.equals(task.reported) || overwritten) {
          store.writeStatus(now);
          task.reported = now;
        }
      }
    }
  }

  private void start(TaskKey key, Desired want) {
    LocalTask task = new LocalTask(want);
    try {
      worker.startTask(key.connector(), key.task(), want.config());
      LOG.info("worker {} runs task {}-{}", workerId, key.connector(), key.task());
    } catch (ConnectException e) {
      task.failedToStart =
          new TaskStatus(key.connector(), key.task(), TaskStatus.State.FAILED, e.toString());
    }
    local.put(key, task);
  }

  private void stop(TaskKey key) {
    local.remove(key);
    worker.stopTask(key.connector(), key.task());
  }

  private void stopAll() {
    for (TaskKey key : new ArrayList<>(local.keySet())) {
      stop(key);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hears the group move task slots; runs inside the membership consumer's poll. */
  private final class SlotListener implements RebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> ownedSlots.remove(tp.partition()));
      // Stop the tasks of the slots given up before the group hands them to another worker, so a
      // task runs on one worker at a time and its offsets are stored before it moves.
      reconcileAfterRevoke();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> ownedSlots.add(tp.partition()));
      LOG.info("worker {} owns task slots {}", workerId, new java.util.TreeSet<>(ownedSlots));
    }
  }

  private void reconcileAfterRevoke() {
    int k = 0;
    Set<TaskKey> keep = new HashSet<>();
    for (ClusterState.ConnectorEntry c : store.state().connectors()) {
      for (int t = 0; t < c.plan().taskConfigs().size(); t++, k++) {
        if (ownedSlots.contains(slots.slot(k))) {
          keep.add(new TaskKey(c.plan().name(), t));
        }
      }
    }
    for (TaskKey key : new ArrayList<>(local.keySet())) {
      if (!keep.contains(key)) {
        stop(key);
      }
    }
  }

  /** Leaves the group: stops this worker's tasks (they store offsets), then the REST API. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (rest != null) {
      rest.close();
    }
    try {
      herder.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.close();
    LOG.info("worker {} left group '{}'", workerId, groupId);
  }

  /**
   * The entry point of {@code bin/runnel connect-distributed}: starts a worker from {@code
   * workerProperties} (with the REST API on port 8083 unless {@code rest.port} says otherwise) and
   * blocks until the JVM shuts down, when it leaves the group cleanly.
   *
   * @throws ConfigException naming the bad key; {@link ConnectException} naming an unreadable file
   */
  public static void run(Path workerProperties) {
    DistributedWorker worker =
        new DistributedWorker(
            ConfigBodies.withRestDefault(StandaloneWorker.readProperties(workerProperties)));
    StandaloneWorker.blockUntilShutdown(worker);
  }

  /** A task of a connector. */
  private record TaskKey(String connector, int task) {}

  /** What a task should run with: a change of any part restarts it. */
  private record Desired(Map<String, String> config, long configOffset, String restartId) {
    boolean sameRun(Desired other) {
      return configOffset == other.configOffset
          && restartId.equals(other.restartId)
          && Objects.equals(config, other.config);
    }
  }

  /** A task this worker started. Owned by the herder thread. */
  private static final class LocalTask {
    final Desired started;
    TaskStatus failedToStart;
    TaskStatus reported;

    LocalTask(Desired started) {
      this.started = started;
    }
  }
}
