package io.runnel.connect;

/**
 * What one task is doing, as {@link StandaloneWorker#status()} and the REST API's {@code GET
 * /connectors/<name>/status} report it.
 *
 * @param connector the connector's name
 * @param task the task number, from 0
 * @param state its state
 * @param lastError the message and stack trace of the error that failed it, or null
 * @param workerId the worker that runs (or last ran) it, or null where the caller does not know
 */
public record TaskStatus(
    String connector, int task, State state, String lastError, String workerId) {

  /** A status without a worker id (a task runner does not know its worker). */
  public TaskStatus(String connector, int task, State state, String lastError) {
    this(connector, task, state, lastError, null);
  }

  /** This status as reported by worker {@code id}. */
  public TaskStatus withWorker(String id) {
    return new TaskStatus(connector, task, state, lastError, id);
  }

  /** A task's state. */
  public enum State {
    /** Moving data. */
    RUNNING,
    /** Stopped after an error; {@code lastError} says why. */
    FAILED,
    /** Stopped on request. */
    STOPPED,
    /** Its connector is paused: the task does not run; its offsets are kept for the resume. */
    PAUSED,
    /** No worker runs it at the moment (distributed mode, while the workers rebalance). */
    UNASSIGNED
  }
}
