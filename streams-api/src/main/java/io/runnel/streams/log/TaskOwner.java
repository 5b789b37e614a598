package io.runnel.streams.log;

import java.util.Objects;
import java.util.Set;

/**
 * One member's share of its group's tasks, as the group's latest assignment says. Task {@code p}
 * is partition {@code p} of every subscribed topic.
 *
 * @param memberId the member's id in the group (its {@code group.instance.id} if it has one)
 * @param endpoint the member's {@code application.server}, or null if it gave none
 * @param tasks the task numbers assigned to it
 */
public record TaskOwner(String memberId, String endpoint, Set<Integer> tasks) {
  /** Checks the fields and copies the tasks. */
  public TaskOwner {
    Objects.requireNonNull(memberId, "memberId");
    tasks = Set.copyOf(tasks);
  }
}
