package io.runnel.streams.query;

import java.util.Objects;

/**
 * Where a key of a store lives: the instance holding the key's task.
 *
 * @param activeHost the {@code application.server} of the instance holding the task
 * @param partition the key's partition, which is its task's number ({@code 0_<partition>})
 */
public record KeyQueryMetadata(HostInfo activeHost, int partition) {
  /** Checks the fields. */
  public KeyQueryMetadata {
    Objects.requireNonNull(activeHost, "activeHost");
  }
}
