package io.runnel.connect;

import java.util.List;

/**
 * A connector's state and its tasks' states, as the REST API's {@code GET
 * /connectors/<name>/status} shows them.
 *
 * @param name the connector's name
 * @param type {@code source} or {@code sink}
 * @param state {@code RUNNING} or {@code PAUSED}
 * @param workerId the worker that answered
 * @param tasks each task's state, worker and last error, by task number
 */
public record ConnectorStatus(
    String name, String type, TaskStatus.State state, String workerId, List<TaskStatus> tasks) {
  /** Copies the task list. */
  public ConnectorStatus {
    tasks = List.copyOf(tasks);
  }
}
