package io.runnel.connect;

/**
 * What one task is doing, as {@link StandaloneWorker#status()} reports it.
 *
 * @param connector the connector's name
 * @param task the task number, from 0
 * @param state its state
 * @param lastError the message and stack trace of the error that failed it, or null
 */
public record TaskStatus(String connector, int task, State state, String lastError) {
  /** A task's state. */
  public enum State {
    /** Moving data. */
    RUNNING,
    /** Stopped after an error; {@code lastError} says why. */
    FAILED,
    /** Stopped on request. */
    STOPPED
  }
}
