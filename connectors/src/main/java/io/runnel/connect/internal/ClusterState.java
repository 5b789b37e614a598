package io.runnel.connect.internal;

import io.runnel.connect.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a distributed worker knows of its group from the config and status topics: each connector
 * with its task configurations, target state and latest restart request, and each task's reported
 * state. Applied in topic order by {@link ClusterStore}.
 *
 * <p>Thread-safe: every method is synchronized; readers get immutable snapshots.
 */
public final class ClusterState {

  /**
   * A connector as the config topic holds it.
   *
   * @param plan its configuration and task configurations
   * @param offset the config topic offset of its latest configuration (orders the connectors)
   * @param paused true if its target state is paused
   * @param restartId the id of its latest restart request, or "" if none
   */
  public record ConnectorEntry(ConnectorPlan plan, long offset, boolean paused, String restartId) {}

  private final Map<String, ConnectorPlan> plans = new HashMap<>();
  private final Map<String, Long> offsets = new HashMap<>();
  private final Map<String, Boolean> paused = new HashMap<>();
  private final Map<String, String> restarts = new HashMap<>();
  private final Map<String, TaskStatus> statuses = new HashMap<>();

  synchronized void putConnector(String name, ConnectorPlan plan, long offset) {
    if (plan == null) {
      plans.remove(name);
      offsets.remove(name);
    } else {
      plans.put(name, plan);
      offsets.put(name, offset);
    }
  }

  synchronized void putPaused(String name, boolean isPaused) {
    paused.put(name, isPaused);
  }

  synchronized void putRestart(String name, String id) {
    if (id == null) {
      restarts.remove(name);
    } else {
      restarts.put(name, id);
    }
  }

  synchronized void putStatus(String connector, int task, TaskStatus status) {
    String key = connector + "/" + task;
    if (status == null) {
      statuses.remove(key);
    } else {
      statuses.put(key, status);
    }
  }

  /** The connectors, ordered by the offset of their latest configuration. */
  public synchronized List<ConnectorEntry> connectors() {
    List<ConnectorEntry> out = new ArrayList<>();
    for (Map.Entry<String, ConnectorPlan> e : plans.entrySet()) {
      String name = e.getKey();
      out.add(
          new ConnectorEntry(
              e.getValue(),
              offsets.get(name),
              paused.getOrDefault(name, false),
              restarts.getOrDefault(name, "")));
    }
    out.sort(Comparator.comparingLong(ConnectorEntry::offset));
    return out;
  }

  /** The connector {@code name}, or null. */
  public synchronized ConnectorEntry connector(String name) {
    ConnectorPlan plan = plans.get(name);
    return plan == null
        ? null
        : new ConnectorEntry(
            plan,
            offsets.get(name),
            paused.getOrDefault(name, false),
            restarts.getOrDefault(name, ""));
  }

  /** The reported state of a task, or null if none was reported. */
  public synchronized TaskStatus status(String connector, int task) {
    return statuses.get(connector + "/" + task);
  }
}
