package io.runnel.streams.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The task assignment both backends' groups use: tasks {@code 0..n-1} (a task is partition {@code
 * p} of every subscribed topic, so a partition group never splits) spread over the members so that
 * counts differ by at most one, keeping each task with a member that claims it where the balance
 * allows (a task stays where its state is). Deterministic: the result depends only on the
 * arguments and the members' order.
 *
 * <p>Stateless; safe from any thread.
 */
public final class TaskAssignor {
  private TaskAssignor() {}

  /**
   * Assigns tasks {@code 0..tasks-1}.
   *
   * @param tasks the number of tasks
   * @param claims each member's claimed tasks, in the members' order (the order breaks ties)
   * @return each member's tasks, in the same order; every task goes to exactly one member
   */
  public static Map<String, Set<Integer>> assign(int tasks, Map<String, Set<Integer>> claims) {
    Map<String, Set<Integer>> out = new LinkedHashMap<>();
    for (String member : claims.keySet()) {
      out.put(member, new TreeSet<>());
    }
    if (claims.isEmpty() || tasks <= 0) {
      return out;
    }
    int members = claims.size();
    int floor = tasks / members;
    int atCeiling = tasks % members; // how many members may hold floor + 1
    boolean[] taken = new boolean[tasks];
    int[] claimants = new int[tasks];
    for (Set<Integer> claimed : claims.values()) {
      for (int task : claimed) {
        if (task >= 0 && task < tasks) {
          claimants[task]++;
        }
      }
    }
    // A member claiming more than it may keep keeps first the tasks fewest others claim, so a
    // member that owned everything does not take the tasks a returning member has state for.
    Comparator<Integer> preference =
        Comparator.<Integer>comparingInt(t -> t >= 0 && t < tasks ? claimants[t] : 0)
            .thenComparing(Comparator.naturalOrder());
    // Pass 1: every member keeps up to floor of its claims.
    for (Map.Entry<String, Set<Integer>> claim : claims.entrySet()) {
      Set<Integer> mine = out.get(claim.getKey());
      for (int task : sorted(claim.getValue(), preference)) {
        if (mine.size() >= floor) {
          break;
        }
        if (task >= 0 && task < tasks && !taken[task]) {
          taken[task] = true;
          mine.add(task);
        }
      }
    }
    // Pass 2: while some members may hold one more, a member keeps one more of its claims.
    for (Map.Entry<String, Set<Integer>> claim : claims.entrySet()) {
      if (atCeiling == 0) {
        break;
      }
      Set<Integer> mine = out.get(claim.getKey());
      for (int task : sorted(claim.getValue(), preference)) {
        if (task >= 0 && task < tasks && !taken[task] && mine.size() == floor) {
          taken[task] = true;
          mine.add(task);
          atCeiling--;
          break;
        }
      }
    }
    // Pass 3: the rest go to the least loaded member (first in order on a tie).
    List<String> order = new ArrayList<>(out.keySet());
    for (int task = 0; task < tasks; task++) {
      if (taken[task]) {
        continue;
      }
      String least =
          order.stream().min(Comparator.comparingInt(m -> out.get(m).size())).orElseThrow();
      out.get(least).add(task);
      taken[task] = true;
    }
    return out;
  }

  private static List<Integer> sorted(Set<Integer> tasks, Comparator<Integer> order) {
    List<Integer> out = new ArrayList<>(tasks);
    out.sort(order);
    return out;
  }
}
