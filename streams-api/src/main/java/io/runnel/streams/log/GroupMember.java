package io.runnel.streams.log;

import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How a group consumer presents itself to its group: a stable identity for static membership, the
 * endpoint other instances may query it at, and the tasks it claims (those whose state it holds).
 * The group's task assignment keeps a task with a member claiming it when the balance allows, and
 * tells every member which endpoint holds which tasks ({@link LogConsumer#groupTasks()}).
 *
 * @param instanceId the member's {@code group.instance.id} (static membership), or null
 * @param endpoint the member's {@code application.server} ({@code host:port}), or null
 * @param claimedTasks asked on each (re)join, possibly from another thread: the task numbers this
 *     member owned last or holds local state for
 */
public record GroupMember(String instanceId, String endpoint, Supplier<Set<Integer>> claimedTasks) {
  /** A dynamic member without an endpoint that claims no tasks. */
  public static final GroupMember ANONYMOUS = new GroupMember(null, null, Set::of);

  /** Checks the fields. */
  public GroupMember {
    Objects.requireNonNull(claimedTasks, "claimedTasks");
  }
}
