package io.runnel.streams;

/**
 * Where a failing record came from, as given to the error handlers: the task and the record's
 * topic, partition and offset in the log.
 *
 * @param taskId the task, {@code 0_<partition>}
 * @param topic the record's topic (a repartition topic carries its {@code <application.id>-}
 *     prefix)
 * @param partition the record's partition
 * @param offset the record's offset
 */
public record ErrorContext(String taskId, String topic, int partition, long offset) {

  /** {@code task 0_1, topic 'in', partition 1, offset 7}: for log lines and exception messages. */
  public String describe() {
    return "task "
        + taskId
        + ", topic '"
        + topic
        + "', partition "
        + partition
        + ", offset "
        + offset;
  }
}
