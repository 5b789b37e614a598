package io.runnel.connect;

/**
 * How a {@link SinkTask} reports a record it cannot write because of the record itself (the
 * database rejects the row as bad data, the value has no usable shape), as Kafka Connect's {@code
 * ErrantRecordReporter}. The connector's {@code errors.*} keys decide what happens:
 *
 * <ul>
 *   <li>{@code errors.tolerance=none} (the default): {@link #report} throws a {@link
 *       ConnectException} naming the record and the error; letting it escape {@link SinkTask#put}
 *       fails the task, and its status shows why.
 *   <li>{@code errors.tolerance=all}: the record is logged if {@code errors.log.enable}, written
 *       to {@code errors.deadletterqueue.topic.name} if set (original key, value and headers, plus
 *       error headers if {@code errors.deadletterqueue.context.headers.enable}), counted, and the
 *       task goes on with the other records; the record counts as done once the put returns.
 * </ul>
 *
 * <p>Called from the task's thread, during {@link SinkTask#put}, with a record of that put.
 */
public interface ErrantRecordReporter {
  /**
   * Reports {@code record}, which the task did not write because of {@code error}.
   *
   * @throws ConnectException if the connector does not tolerate errors
   */
  void report(SinkRecord record, Throwable error);
}
