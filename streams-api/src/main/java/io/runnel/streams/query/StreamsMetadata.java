package io.runnel.streams.query;

import java.util.Objects;
import java.util.Set;

/**
 * One instance of an application, as the group's latest assignment shows it.
 *
 * @param hostInfo the instance's {@code application.server}
 * @param stateStores the stores its tasks hold (empty if it holds no task)
 * @param taskIds its tasks, {@code 0_<p>}
 */
public record StreamsMetadata(HostInfo hostInfo, Set<String> stateStores, Set<String> taskIds) {
  /** Checks the fields and copies the sets. */
  public StreamsMetadata {
    Objects.requireNonNull(hostInfo, "hostInfo");
    stateStores = Set.copyOf(stateStores);
    taskIds = Set.copyOf(taskIds);
  }
}
