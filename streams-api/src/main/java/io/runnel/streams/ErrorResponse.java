package io.runnel.streams;

/** What an error handler decides about a record that failed. */
public enum ErrorResponse {
  /** Skip the record (its input offset is committed as if it was processed) and go on. */
  CONTINUE,
  /** Stop: the stream thread fails and the application moves to {@code ERROR}. */
  FAIL
}
