package io.runnel.samples.logs;

/**
 * One parsed log line.
 *
 * @param service the service that wrote it (from the file name, {@code <service>-access.log} or
 *     {@code <service>-app.log})
 * @param timestamp when it happened, epoch milliseconds
 * @param request true for an access-log line (a served request), false for an application-log line
 * @param status the HTTP status of a request (0 for application lines)
 * @param latencyMs the request's duration in milliseconds (0 for application lines)
 * @param level the level of an application line ({@code INFO}, {@code WARN}, {@code ERROR}; empty
 *     for requests)
 */
public record LogEvent(
    String service, long timestamp, boolean request, int status, long latencyMs, String level) {

  /** A request the server failed (HTTP 5xx). */
  public boolean serverError() {
    return request && status >= 500;
  }

  /** An application line logged at ERROR. */
  public boolean loggedError() {
    return !request && level.equals("ERROR");
  }
}
