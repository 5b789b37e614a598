package io.runnel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two distributed workers in one process on the memory log: what one is asked, both apply; tasks
 * spread, pause and resume, restart and move when a worker leaves.
 */
class DistributedWorkerTest {
  private final String logName = "dist-" + UUID.randomUUID();
  private DistributedWorker one;
  private DistributedWorker two;

  private Map<String, String> workerConfig() {
    return Map.of(
        "log.backend", "memory",
        "log.memory.name", logName,
        "group.id", "g",
        "poll.ms", "10",
        "offset.flush.interval.ms", "50");
  }

  @AfterEach
  void close() {
    if (two != null) {
      two.close();
    }
    if (one != null) {
      one.close();
    }
  }

  private static Map<String, String> idle(String name, int tasks) {
    return Map.of(
        "name", name, "connector.class", IdleSource.class.getName(), "tasks.max", "" + tasks);
  }

  /** The workers running the tasks of {@code name} as {@code cluster} reports them, once all run. */
  private static Set<String> runningOn(ConnectCluster cluster, String name) {
    Set<String> workers = new HashSet<>();
    for (TaskStatus task : cluster.status(name).tasks()) {
      if (task.state() != TaskStatus.State.RUNNING) {
        return Set.of();
      }
      workers.add(task.workerId());
    }
    return workers;
  }

  @Test
  void whatOneWorkerIsAskedBothApplyAndTasksSpread() {
    IdleSource.running.set(0);
    one = new DistributedWorker(workerConfig());
    two = new DistributedWorker(workerConfig());
    one.create(idle("idle", 2));

    Await.until("worker two to see the connector", () -> two.connectors().equals(List.of("idle")));
    assertThat(two.connector("idle").tasks()).isEqualTo(2);
    Await.until(
        "one task on each worker",
        () -> runningOn(two, "idle").equals(Set.of(one.workerId(), two.workerId())));
    Await.until("two running tasks", () -> IdleSource.running.get() == 2);

    two.pause("idle");
    assertThat(two.status("idle").state()).isEqualTo(TaskStatus.State.PAUSED);
    Await.until(
        "worker one to see the pause",
        () -> one.status("idle").state() == TaskStatus.State.PAUSED);
    Await.until("both tasks to stop", () -> IdleSource.running.get() == 0);
    assertThat(one.status("idle").tasks())
        .extracting(TaskStatus::state)
        .containsOnly(TaskStatus.State.PAUSED);

    one.resume("idle");
    Await.until("both tasks to run again", () -> IdleSource.running.get() == 2);

    Map<String, String> three = new HashMap<>(idle("idle", 3));
    ConnectCluster.Update update = two.putConfig("idle", three);
    assertThat(update.created()).isFalse();
    Await.until("three running tasks", () -> IdleSource.running.get() == 3);
    Await.until("worker one to see three tasks", () -> one.connector("idle").tasks() == 3);

    assertThatThrownBy(() -> one.create(idle("idle", 1))).isInstanceOf(ConflictException.class);
    two.delete("idle");
    assertThat(two.connectors()).isEmpty();
    Await.until("worker one to see the deletion", () -> one.connectors().isEmpty());
    Await.until("every task to stop", () -> IdleSource.running.get() == 0);
    assertThatThrownBy(() -> one.status("idle"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("connector 'idle' not found");
  }

  @Test
  void aLeavingWorkersTasksMoveToTheOther() {
    IdleSource.running.set(0);
    one = new DistributedWorker(workerConfig());
    two = new DistributedWorker(workerConfig());
    one.create(idle("idle", 2));
    Await.until(
        "one task on each worker",
        () -> runningOn(one, "idle").equals(Set.of(one.workerId(), two.workerId())));

    two.close();
    two = null;
    Await.until("worker one to run both", () -> runningOn(one, "idle").equals(Set.of(
        one.workerId())));
    Await.until("two running tasks", () -> IdleSource.running.get() == 2);
  }

  @Test
  void restartRunsTheTasksAgain() {
    IdleSource.running.set(0);
    IdleSource.starts.set(0);
    one = new DistributedWorker(workerConfig());
    one.create(idle("idle", 1));
    Await.until("the task to start", () -> IdleSource.starts.get() == 1);
    one.restart("idle");
    Await.until("the task to start again", () -> IdleSource.starts.get() == 2);
    Await.until("one running task", () -> IdleSource.running.get() == 1);
  }

  @Test
  void aWorkerStartedLaterReadsTheConfigurationsBack() {
    one = new DistributedWorker(workerConfig());
    one.create(idle("idle", 1));
    one.pause("idle");
    one.close();
    one = new DistributedWorker(workerConfig());
    assertThat(one.connectors()).containsExactly("idle");
    assertThat(one.status("idle").state()).isEqualTo(TaskStatus.State.PAUSED);
  }

  @Test
  void badWorkerConfigurationNamesTheKey() {
    Map<String, String> config = new HashMap<>(workerConfig());
    config.put("task.slots", "48");
    assertThatThrownBy(() -> new DistributedWorker(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'task.slots'");
    config.put("task.slots", "64");
    config.put("heartbeat.interval.ms", "20000");
    assertThatThrownBy(() -> new DistributedWorker(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'heartbeat.interval.ms'");
  }

  /** A source whose tasks count themselves while they run and return nothing. */
  public static final class IdleSource implements SourceConnector {
    static final AtomicInteger running = new AtomicInteger();
    static final AtomicInteger starts = new AtomicInteger();

    @Override
    public ConfigDef config() {
      return new ConfigDef();
    }

    @Override
    public void start(ParsedConfig config) {}

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
      return java.util.Collections.nCopies(maxTasks, Map.of());
    }

    @Override
    public void stop() {}

    @Override
    public Class<? extends SourceTask> taskClass() {
      return Task.class;
    }

    /** Counts itself between start and stop. */
    public static final class Task implements SourceTask {
      @Override
      public void initialize(SourceTaskContext context) {}

      @Override
      public void start(Map<String, String> config) {
        starts.incrementAndGet();
        running.incrementAndGet();
      }

      @Override
      public List<SourceRecord> poll() {
        return List.of();
      }

      @Override
      public void stop() {
        running.decrementAndGet();
      }
    }
  }
}
